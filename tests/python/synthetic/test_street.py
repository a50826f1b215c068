"""The synthetic street generator: deterministic, data.police.uk's layout, marked synthetic, and
landed by the street loader (in bulk) with nothing quarantined or rejected."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from orchestration.cli import frontline
from orchestration.paths import DEFAULT_DATA_DIR, PROJECT_DIR
from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.landing.land import land_files
from orchestration.raw.landing.synthetic import is_synthetic, sidecar_path
from orchestration.raw.parsers.police_uk_street import HEADERS
from orchestration.raw.police_uk_drop_folder import triage
from orchestration.synthetic import street

STREET = SOURCES_BY_NAME["police_uk_street_crime"]
SHIPPED = DEFAULT_DATA_DIR / "police" / "police_uk_street"
DROP = Path("police") / "police_uk_street"


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def pool() -> street.RowPool:
    return street.read_pool()


@pytest.fixture(scope="module")
def generated(tmp_path_factory, pool: street.RowPool) -> list[Path]:
    drop = tmp_path_factory.mktemp("data") / DROP
    return street.generate(drop, forces=3, months=2, rows_per_file=40, seed=5, pool=pool)


def test_the_43_territorial_forces_from_the_seed() -> None:
    forces = street.territorial_forces()
    with (PROJECT_DIR / "seeds" / "police_uk_forces.csv").open(newline="") as handle:
        seeded = {row["police_uk_force_id"]: row["falls_within"] for row in csv.DictReader(handle)}
    assert len(forces) == 43 and "btp" not in {force.slug for force in forces}
    assert all(seeded[force.slug] == force.name for force in forces)
    assert forces[0] == street.Force("Avon and Somerset Constabulary", "avon-and-somerset")


def test_same_seed_same_bytes_and_a_file_depends_only_on_its_force_and_month(
    generated: list[Path], tmp_path: Path, pool: street.RowPool
) -> None:
    def run(folder: str, forces: int = 3, months: int = 2, seed: int = 5) -> dict[str, str]:
        written = street.generate(tmp_path / folder, forces, months, 40, seed, pool=pool)
        return digest(written[0].parent)

    assert run("again") == digest(generated[0].parent)
    assert len(run("again")) == 12  # 6 files, 6 sidecars
    assert digest(generated[0].parent).items() <= run("bigger", forces=4, months=3).items()
    assert set(run("other", seed=6).values()).isdisjoint(digest(generated[0].parent).values())


def test_files_in_the_published_layout_from_shipped_rows(
    generated: list[Path], pool: street.RowPool
) -> None:
    assert [path.name for path in generated] == [
        "2022-09-avon-and-somerset-street.csv",
        "2022-09-bedfordshire-street.csv",
        "2022-09-cambridgeshire-street.csv",
        "2022-10-avon-and-somerset-street.csv",
        "2022-10-bedfordshire-street.csv",
        "2022-10-cambridgeshire-street.csv",
    ]
    shipped_tails = set(pool.tails)
    lsoas = {row[7] for path in SHIPPED.glob("*.csv") for row in csv.reader(path.open())}
    crime_ids = []
    for path in generated:
        rows = list(csv.reader(path.open(newline="")))
        assert rows[0] == HEADERS and len(rows) == 41
        month = path.name[:7]
        force = next(f for f in street.territorial_forces() if path.name[8:].startswith(f.slug))
        for row in rows[1:]:
            assert row[1:4] == [month, force.name, force.name]
            assert street._csv_line(row[4:]) in shipped_tails
            assert row[7] in lsoas
            assert len(row[0]) in (0, 64)
            crime_ids += [row[0]] if row[0] else []
    assert len(crime_ids) == len(set(crime_ids)) > 100  # fresh ids, none repeated


def test_every_file_is_marked_synthetic(generated: list[Path], pool: street.RowPool) -> None:
    for path in generated:
        sidecar = json.loads(sidecar_path(path).read_text())
        assert is_synthetic(path) and sidecar["synthetic"] is True
        assert sidecar["generator"] == "orchestration.synthetic.street"
        assert (sidecar["seed"], sidecar["rows"], sidecar["month"]) == (5, 40, path.name[:7])
        assert sidecar["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert sidecar["source_sha256"] == pool.digest


def test_files_land_through_the_street_loader(generated: list[Path]) -> None:
    data_dir = generated[0].parents[2]
    folder = triage(data_dir / DROP, today=dt.date(2026, 1, 1))
    assert folder.quarantined == [] and folder.months == ["2022-09", "2022-10"]
    con = duckdb.connect()
    results = land_files(con, STREET, generated, data_dir)
    assert all(r.synthetic and not r.skipped and r.rows_rejected == 0 for r in results)
    counts = con.execute(
        "select _partition_month, falls_within, count(*) from raw.police_uk_street_crime"
        " group by all order by all"
    ).fetchall()
    assert counts == [
        (month, name, 40)
        for month in ("2022-09", "2022-10")
        for name in (
            "Avon and Somerset Constabulary",
            "Bedfordshire Police",
            "Cambridgeshire Constabulary",
        )
    ]


def test_a_published_file_is_never_overwritten(tmp_path: Path, pool: street.RowPool) -> None:
    published = tmp_path / "2022-10-avon-and-somerset-street.csv"
    published.write_text("published\n")
    with pytest.raises(ValueError, match="1 published file"):
        street.generate(tmp_path, forces=1, months=1, rows_per_file=5, pool=pool)
    assert published.read_text() == "published\n"


def test_the_command(tmp_path: Path) -> None:
    out = tmp_path / "street"
    argv = ["synthetic", "street", "--forces", "2", "--months", "1", "--rows-per-file", "7"]
    result = CliRunner().invoke(frontline, [*argv, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 2 synthetic street files (14 rows)" in result.output
    assert sorted(p.name for p in out.glob("*.csv")) == [
        "2022-10-avon-and-somerset-street.csv",
        "2022-10-bedfordshire-street.csv",
    ]
    bad = CliRunner().invoke(frontline, [*argv, "--last-month", "2022-13", "--out", str(out)])
    assert bad.exit_code != 0 and "expected the last month as YYYY-MM" in bad.output
