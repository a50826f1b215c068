"""Synthetic data.police.uk street-level files for all 43 territorial forces, at real scale.

Real street-level crime for England and Wales is about 500,000 rows a month; Frontline ships two
small forces. This writes a drop folder at that scale, so anyone can rerun the scale benchmark
(benchmarks/scale.py) or a whole run on it:

* Forces: the 43 territorial forces of seeds/police_uk_forces.csv (British Transport Police,
  which is not a territorial force, left out), by name; ``forces`` of them in that order. Each
  file's Reported by and Falls within name its force, as data.police.uk's do.
* Months: ``months`` consecutive months ending with ``last_month`` (by default the shipped
  folder's last month, so a run never depends on today's date).
* Rows: ``rows_per_file`` records drawn at random, with replacement, from the shipped Gwent and
  City of London files (their LSOA codes and names, crime types, outcomes, locations and
  coordinates together, as published), with the Month rewritten and a fresh Crime ID (64 hex
  digits, as data.police.uk writes them; a record shipped without one, anti-social behaviour,
  keeps it empty).

Each file is ``<yyyy-mm>-<force slug>-street.csv`` with the 12 published columns, and beside it
``<file>.synthetic.json`` (generator, seed, the shipped files' digest, the file's own sha256),
so the raw layer records it as synthetic and a release built from it is never ``latest``. A
file's bytes depend only on the seed, its month, its force and ``rows_per_file`` (each file has
its own random stream), so a bigger run contains the files of a smaller one.

    frontline synthetic street --forces 43 --months 36 --out /tmp/street
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from orchestration.paths import DEFAULT_DATA_DIR, PROJECT_DIR
from orchestration.raw.landing.synthetic import is_synthetic, sidecar_path
from orchestration.raw.parsers.police_uk_street import FILE_NAME, HEADERS

GENERATOR = "orchestration.synthetic.street"
GENERATOR_VERSION = 1
FORCES_SEED = PROJECT_DIR / "seeds" / "police_uk_forces.csv"
SHIPPED_FOLDER = DEFAULT_DATA_DIR / "police" / "police_uk_street"
NOT_TERRITORIAL = {"btp"}  # British Transport Police polices the railways, not an area
TERRITORIAL_FORCES = 43
ROWS_PER_FILE = 11_630  # the measured runs: ~500,000 rows a month over 43 forces
LAST_MONTH = "2022-10"  # the shipped folder's last month
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
CRIME_ID_BYTES = 32  # data.police.uk's Crime IDs are 64 hex digits
_MONTH, _REPORTED_BY, _FALLS_WITHIN = 1, 2, 3  # columns rewritten for each file


@dataclass(frozen=True)
class Force:
    name: str  # as data.police.uk writes it in Reported by / Falls within
    slug: str  # as data.police.uk writes it in file names


@dataclass(frozen=True)
class RowPool:
    """The shipped records to draw from, each as its published text after Falls within."""

    tails: list[str]  # "Longitude,...,Context" with csv quoting, as one string per record
    has_crime_id: list[bool]  # per record: False where the shipped one had none (anti-social
    # behaviour)
    digest: str  # sha256 over the shipped files' names and contents, for the sidecars


def territorial_forces(seed_file: Path = FORCES_SEED) -> list[Force]:
    """The 43 territorial forces of England and Wales, by name."""
    with seed_file.open(newline="", encoding="utf-8") as handle:
        forces = [
            Force(row["falls_within"], row["police_uk_force_id"])
            for row in csv.DictReader(handle)
            if row["police_uk_force_id"] not in NOT_TERRITORIAL
        ]
    if len(forces) != TERRITORIAL_FORCES:
        raise ValueError(f"{seed_file}: expected {TERRITORIAL_FORCES} forces, found {len(forces)}")
    return sorted(forces, key=lambda force: force.name)


def months_ending(last_month: str, count: int) -> list[str]:
    """`count` consecutive YYYY-MM months, oldest first, ending with `last_month`."""
    year, month = (int(part) for part in last_month.split("-"))
    last = year * 12 + month - 1
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(last - count + 1, last + 1)]


def read_pool(folder: Path = SHIPPED_FOLDER) -> RowPool:
    """Every record of the shipped street files (in name order), ready to be rewritten."""
    tails: list[str] = []
    has_crime_id: list[bool] = []
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*-street.csv")):
        content = path.read_bytes()
        digest.update(f"{path.name}\0{hashlib.sha256(content).hexdigest()}\n".encode())
        rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
        if [label.strip() for label in next(rows)] != HEADERS:
            raise ValueError(f"{path}: not a street file in the published layout")
        for row in rows:
            if len(row) != len(HEADERS):
                continue
            tails.append(_csv_line(row[_FALLS_WITHIN + 1 :]))
            has_crime_id.append(row[0] != "")
    if not tails:
        raise ValueError(f"{folder}: no street records to draw from")
    return RowPool(tails, has_crime_id, digest.hexdigest())


def _csv_line(fields: Sequence[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue()


def file_content(
    pool: RowPool, force: Force, force_number: int, month: str, rows: int, seed: int
) -> bytes:
    """One force-month file's bytes: its own random stream, so it never depends on the others."""
    year, month_number = (int(part) for part in month.split("-"))
    rng = np.random.default_rng([seed, year * 12 + month_number, force_number])
    drawn = rng.integers(0, len(pool.tails), size=rows)
    ids = rng.bytes(CRIME_ID_BYTES * rows).hex()
    width = CRIME_ID_BYTES * 2
    force_name = _csv_line([force.name])
    prefix = f",{month},{force_name},{force_name},"
    lines = [_csv_line(HEADERS)]
    for i, index in enumerate(drawn.tolist()):
        crime_id = ids[i * width : (i + 1) * width] if pool.has_crime_id[index] else ""
        lines.append(crime_id + prefix + pool.tails[index])
    lines.append("")
    return "\n".join(lines).encode("utf-8")


def file_name(month: str, force: Force) -> str:
    name = f"{month}-{force.slug}-street.csv"
    if FILE_NAME.match(name) is None:  # the loader would quarantine it
        raise ValueError(f"{name}: not a street file name")
    return name


def remove_synthetic_files(out_dir: Path) -> list[Path]:
    """Delete earlier synthetic street files (those with a sidecar) and their sidecars."""
    removed = []
    for path in sorted(out_dir.glob("*-street.csv")):
        if is_synthetic(path):
            sidecar_path(path).unlink()
            path.unlink()
            removed.append(path)
    return removed


def generate(
    out_dir: Path,
    forces: int = TERRITORIAL_FORCES,
    months: int = 12,
    rows_per_file: int = ROWS_PER_FILE,
    seed: int = 0,
    last_month: str = LAST_MONTH,
    pool: RowPool | None = None,
) -> list[Path]:
    """Write forces x months synthetic street files and their sidecars into `out_dir` (a drop
    folder); return the files, by name. Earlier synthetic street files there are replaced; a
    published file (one with no sidecar) is never overwritten."""
    if not 1 <= forces <= TERRITORIAL_FORCES:
        raise ValueError(f"forces must be 1 to {TERRITORIAL_FORCES}, found {forces}")
    if months < 1 or rows_per_file < 1:
        raise ValueError("months and rows_per_file must be at least 1")
    if MONTH.fullmatch(last_month) is None:
        raise ValueError(f"expected the last month as YYYY-MM, found {last_month!r}")
    chosen = territorial_forces()[:forces]
    wanted = [(month, force) for month in months_ending(last_month, months) for force in chosen]
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_synthetic_files(out_dir)
    published = sorted(
        name for month, force in wanted if (out_dir / (name := file_name(month, force))).exists()
    )
    if published:
        raise ValueError(
            f"{out_dir}: {len(published)} published file(s) already there, e.g. {published[0]}; "
            "write synthetic files into a folder of their own"
        )
    pool = pool or read_pool()
    numbers = {force.slug: number for number, force in enumerate(territorial_forces())}
    written = []
    for month, force in wanted:
        path = out_dir / file_name(month, force)
        content = file_content(pool, force, numbers[force.slug], month, rows_per_file, seed)
        path.write_bytes(content)
        sidecar = {
            "synthetic": True,
            "generator": GENERATOR,
            "generator_version": GENERATOR_VERSION,
            "seed": seed,
            "force": force.name,
            "month": month,
            "rows": rows_per_file,
            "sha256": hashlib.sha256(content).hexdigest(),
            "source_file": "data/police/police_uk_street/*-street.csv",
            "source_sha256": pool.digest,
            "note": "Synthetic: records drawn at random from the shipped Gwent and City of "
            "London files, relabelled with this force and month and given fresh Crime IDs; "
            "not published by data.police.uk.",
        }
        sidecar_path(path).write_text(
            json.dumps(sidecar, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        written.append(path)
    return sorted(written, key=lambda path: path.name)
