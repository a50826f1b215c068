"""The synthetic trust-level NCC generator: deterministic, marked synthetic, loadable, plausible."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import DEFAULT_DATA_DIR
from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.land import land_file
from orchestration.raw.landing.synthetic import is_synthetic, sidecar_path
from orchestration.synthetic import ncc_trust_schedules as generator

TRUSTS = SOURCES_BY_NAME["nhse_ncc_trust_schedules"]
NATIONAL = DEFAULT_DATA_DIR / generator.NATIONAL_SCHEDULE


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    out = tmp_path_factory.mktemp("generated")
    return generator.generate(DEFAULT_DATA_DIR, seed=11, trusts=8, out_dir=out)


def test_same_seed_gives_byte_identical_files(generated: list[Path], tmp_path: Path) -> None:
    again = generator.generate(DEFAULT_DATA_DIR, seed=11, trusts=8, out_dir=tmp_path / "again")
    assert digest(generated[0].parent) == digest(again[0].parent)
    assert len(digest(again[0].parent)) == 16  # 8 CSVs and 8 sidecars
    other = generator.generate(DEFAULT_DATA_DIR, seed=12, trusts=8, out_dir=tmp_path / "other")
    assert digest(other[0].parent) != digest(again[0].parent)


def test_every_file_is_marked_synthetic(generated: list[Path]) -> None:
    national_sha = hashlib.sha256(NATIONAL.read_bytes()).hexdigest()
    for path in generated:
        assert is_synthetic(path)
        sidecar = json.loads(sidecar_path(path).read_text())
        assert sidecar["synthetic"] is True
        assert sidecar["generator"] == "orchestration.synthetic.ncc_trust_schedules"
        assert sidecar["seed"] == 11
        assert sidecar["source_sha256"] == national_sha
        assert sidecar["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert path.name == f"ncc_2023_24_{sidecar['organisation_code']}.csv"


def test_files_load_through_the_trust_level_loader(generated: list[Path]) -> None:
    data_dir = generated[0].parent.parent
    con = duckdb.connect()
    results = [land_file(con, TRUSTS, path, data_dir) for path in generated]
    assert all(r.synthetic and r.rows_rejected == 0 and r.rows_landed > 0 for r in results)
    years, flags, files = con.execute(
        "select list(distinct financial_year), list(distinct synthetic_file),"
        " count(distinct _source_file) from raw.nhse_ncc_trust_schedules"
    ).fetchone()
    assert (years, flags, files) == (["2023-24"], ["true"], 8)
    assert con.execute("select bool_and(synthetic) from raw._load_log").fetchone() == (True,)


def test_activity_splits_the_national_activity_and_costs_are_plausible(
    generated: list[Path],
) -> None:
    national = {
        (line.service_code, line.currency_code): line
        for line in generator.read_national_schedule(NATIONAL)
    }
    activity: dict[tuple[str, str], int] = defaultdict(int)
    total_cost = 0.0
    for path in generated:
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                key = (row["Service Code"], row["Currency Code"])
                activity[key] += int(row["Activity"])
                unit, total = float(row["Unit Cost"]), float(row["Total Cost"])
                assert total == pytest.approx(int(row["Activity"]) * unit, abs=0.0051)  # to 2 dp
                nac = national[key].national_average_unit_cost
                assert unit == pytest.approx(nac, rel=0.8) or nac == 0
                total_cost += total
    assert activity == {k: line.activity for k, line in national.items() if line.activity > 0}
    national_cost = sum(line.cost for line in national.values())
    assert total_cost / national_cost == pytest.approx(1.0, abs=0.1)  # c. GBP 97.7bn


def test_trusts_are_real_ods_codes(generated: list[Path]) -> None:
    codes = {json.loads(sidecar_path(p).read_text())["organisation_code"] for p in generated}
    assert codes <= set(generator.trust_codes(DEFAULT_DATA_DIR))
    ods = DEFAULT_DATA_DIR / generator.TRUSTS_FILE
    if ods.exists():
        with ods.open(newline="", encoding="utf-8-sig") as handle:
            assert codes <= {row[0] for row in csv.reader(handle)}
    else:
        assert codes <= set(generator.FALLBACK_TRUSTS)


def test_regenerating_replaces_synthetic_files_only(tmp_path: Path) -> None:
    out = tmp_path / "schedules"
    out.mkdir()
    published = out / "ncc_2023_24_published.csv"
    published.write_text("kept\n")
    first = generator.generate(DEFAULT_DATA_DIR, seed=1, trusts=3, out_dir=out)
    second = generator.generate(DEFAULT_DATA_DIR, seed=2, trusts=2, out_dir=out)
    remaining = sorted(p for p in out.glob("*.csv"))
    assert remaining == sorted([*second, published])
    assert published.read_text() == "kept\n"
    assert all(not sidecar_path(p).exists() for p in first if p not in second)
