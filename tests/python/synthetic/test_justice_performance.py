"""The synthetic prison ratings and reoffending generator: deterministic, marked synthetic,
loadable through the raw loaders, plausible."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from orchestration.raw.landing.synthetic import is_synthetic, sidecar_path
from orchestration.raw.parsers import hmpps_prison_performance_ratings as ratings
from orchestration.raw.parsers import moj_proven_reoffending as reoffending
from orchestration.synthetic import justice_performance as generator


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    return generator.generate(tmp_path_factory.mktemp("justice"), seed=5)


def test_same_seed_same_bytes_other_seed_other_bytes(generated: list[Path], tmp_path) -> None:
    out = generated[0].parents[1]
    assert digest(generator.generate(tmp_path / "again", seed=5)[0].parents[1]) == digest(out)
    assert len(digest(out)) == 6  # two ratings years, one reoffending workbook, three sidecars
    assert digest(generator.generate(tmp_path / "other", seed=6)[0].parents[1]) != digest(out)


def test_every_file_is_marked_synthetic(generated: list[Path]) -> None:
    for path in generated:
        assert is_synthetic(path)
        sidecar = json.loads(sidecar_path(path).read_text())
        assert sidecar["synthetic"] is True and sidecar["seed"] == 5
        assert sidecar["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_files_load_through_the_loaders_and_are_plausible(generated: list[Path]) -> None:
    ratings_2023 = generated[1]
    assert ratings_2023.name == "annual_prison_performance_ratings_2023_24.xlsx"
    overall = ratings.parse_ratings(ratings_2023)
    measures = ratings.parse_measures(ratings_2023)
    prisons = {p.name for p in generator.estate_prisons()}
    assert overall.rejects.empty and measures.rejects.empty
    assert set(overall.rows["prison"]) == prisons and len(prisons) > 100
    assert set(overall.rows["synthetic_file"]) == {"true"}
    assert set(overall.rows["performance_rating"]) <= {"1", "2", "3", "4", "[x]"}
    assert len(measures.rows) == len(prisons) * len(generator.MEASURES)
    by_prison = reoffending.parse_by_prison(generated[2]).rows
    counted = by_prison[by_prison["number_of_reoffenders"] != "*"]
    offenders = counted["number_of_offenders"].astype(int)
    reoffenders = counted["number_of_reoffenders"].astype(int)
    assert (reoffenders <= offenders).all()
    assert 0.2 < reoffenders.sum() / offenders.sum() < 0.6
    by_region = reoffending.parse_by_region(generated[2]).rows
    assert by_region["probation_region"].nunique() == 7
