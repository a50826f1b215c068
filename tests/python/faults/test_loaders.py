"""The loader corpus (loader_corpus.py): every bad input fails in one line naming the file and
leaves raw as it was, is rejected with its row so the blocking check fails, or (what publishers
really ship) lands as published. No case may end in a bare library exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.python.faults.loader_corpus import CASES, Case, run_case

FAMILIES = {
    "ONS PFA workbook",
    "street CSV",
    "geography CSV",
    "ODS/health",
    "DfE",
    "MHCLG",
    "MoJ/HMPPS",
}


def test_the_corpus_covers_every_source_family() -> None:
    assert len(CASES) >= 40
    assert len({case.name for case in CASES}) == len(CASES)
    assert FAMILIES <= {case.family for case in CASES}
    # each family has a file-level failure and a row-level reject
    for family in FAMILIES:
        kinds = {case.expect for case in CASES if case.family == family}
        assert {"error", "reject"} <= kinds, family


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_bad_input(case: Case, tmp_path: Path) -> None:
    outcome = run_case(case, tmp_path)
    assert outcome.kind != "traceback", outcome.message
    assert outcome.kind == case.expect, outcome.message
    assert outcome.ok, f"{outcome.problems}: {outcome.message}"
