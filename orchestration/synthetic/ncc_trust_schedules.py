"""Synthetic trust-level National Cost Collection schedules, made from the real national schedule.

No trust-level NCC file ships with Frontline, so this writes plausible ones to exercise the cost
index end to end: for a given seed, the same bytes every time.

* Trusts: real ODS codes of the English NHS trusts open on 31 March 2024 in
  data/health/ods_etr_nhs_trusts.csv (column 1; column 3 an NHS England region, columns 11 and 12
  the open and close dates), else FALLBACK_TRUSTS; ``trusts`` of them are drawn by the seed.
* Activity: each service x currency line of the national schedule is split across a random
  subset of 1 to ``max_trusts_per_currency`` trusts (multinomial shares of a Dirichlet draw), so
  the trusts' activity sums to the national activity exactly.
* Unit cost: the national average (cost / activity) x the trust's efficiency factor
  (lognormal, sd 0.08: one per trust, so trusts differ consistently) x line noise (lognormal,
  sd 0.10), to 4 decimal places; total cost = activity x unit cost, to 2 decimal places.

One CSV per trust, ``ncc_2023_24_<code>.csv``, in the trust-level layout the raw loader declares
(orchestration/raw/parsers/nhse_ncc.py), and beside it ``<file>.synthetic.json`` (generator,
seed, the real file's path and sha256, the file's own sha256): the format stays as published,
and the raw layer records the file as synthetic, so a release built from it is never the default
release.

    python -m orchestration.synthetic.ncc_trust_schedules --seed 7 --trusts 20
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from orchestration.paths import DEFAULT_DATA_DIR
from orchestration.raw.landing.synthetic import is_synthetic, sidecar_path
from orchestration.raw.parsers.nhse_ncc import TRUST_SCHEDULE_HEADER, trust_file_name

GENERATOR = "orchestration.synthetic.ncc_trust_schedules"
GENERATOR_VERSION = 1
FINANCIAL_YEAR_START = 2023
NATIONAL_SCHEDULE = "health/ncc_2023_24_national_schedule_by_service_currency.csv"
TRUSTS_FILE = "health/ods_etr_nhs_trusts.csv"
OUTPUT_DIR = "health/ncc_trust_schedules"
OPEN_ON = "20240331"  # last day of 2023/24, as the ODS YYYYMMDD dates are written
# Real ODS codes of English NHS trusts open on 31 March 2024, used when the ODS file is absent.
FALLBACK_TRUSTS = (
    "R0A", "R0B", "R0D", "R1A", "R1C", "R1D", "R1F", "R1H", "R1K", "R1L",
    "RA2", "RA7", "RA9", "RAE", "RAJ", "RAL", "RAN", "RAP", "RAS", "RAT",
)  # fmt: skip
EFFICIENCY_SD = 0.08
LINE_NOISE_SD = 0.10


@dataclass(frozen=True)
class NationalLine:
    service_code: str
    currency_code: str
    currency_description: str
    activity: int
    cost: float

    @property
    def national_average_unit_cost(self) -> float:
        return self.cost / self.activity if self.activity > 0 else 0.0


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_national_schedule(path: Path) -> list[NationalLine]:
    """The national schedule's lines, codes and descriptions trimmed of their padding."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return [
            NationalLine(
                service_code=row["Service Code"].strip(),
                currency_code=row["Dept or Currency Code"].strip(),
                currency_description=row["Dept or Currency Desc"].strip(),
                activity=int(float(row["Activity"])),
                cost=float(row["Cost"]),
            )
            for row in csv.DictReader(handle)
        ]


def trust_codes(data_dir: Path) -> list[str]:
    """English NHS trusts open on 31 March 2024 from the ODS etr file, else FALLBACK_TRUSTS."""
    path = data_dir / TRUSTS_FILE
    if not path.exists():
        return sorted(FALLBACK_TRUSTS)
    with path.open(newline="", encoding="utf-8-sig") as handle:
        codes = {
            row[0].strip()
            for row in csv.reader(handle)
            if len(row) >= 12
            and row[2].startswith("Y")
            and row[10] <= OPEN_ON
            and (row[11] == "" or row[11] > OPEN_ON)
        }
    return sorted(codes)


def _schedule_rows(
    lines: Sequence[NationalLine], trusts: Sequence[str], seed: int, max_per_currency: int
) -> dict[str, list[list[str]]]:
    """Each trust's rows, in national schedule order, as the text written to its file."""
    rng = np.random.default_rng(seed)
    efficiency = np.exp(rng.normal(0.0, EFFICIENCY_SD, size=len(trusts)))
    rows: dict[str, list[list[str]]] = {code: [] for code in trusts}
    for line in lines:
        if line.activity <= 0:
            continue  # nothing to split: no trust reports a line without activity
        size = int(min(line.activity, len(trusts), rng.integers(1, max_per_currency + 1)))
        chosen = rng.choice(len(trusts), size=size, replace=False)
        shares = rng.multinomial(line.activity, rng.dirichlet(np.ones(size)))
        noise = np.exp(rng.normal(0.0, LINE_NOISE_SD, size=size))
        for index, activity, factor in zip(chosen, shares, noise, strict=True):
            if activity == 0:
                continue
            unit_cost = round(line.national_average_unit_cost * efficiency[index] * factor, 4)
            rows[trusts[index]].append(
                [
                    trusts[index],
                    line.service_code,
                    line.currency_code,
                    line.currency_description,
                    str(int(activity)),
                    f"{unit_cost:.4f}",
                    f"{int(activity) * unit_cost:.2f}",
                ]
            )
    return rows


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(TRUST_SCHEDULE_HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def remove_synthetic_files(out_dir: Path) -> list[Path]:
    """Delete earlier synthetic schedules (files with a sidecar) and their sidecars; never a file
    without one, which would be a published schedule."""
    removed = []
    for path in sorted(out_dir.glob("*.csv")):
        if is_synthetic(path):
            sidecar_path(path).unlink()
            path.unlink()
            removed.append(path)
    return removed


def generate(
    data_dir: Path = DEFAULT_DATA_DIR,
    seed: int = 0,
    trusts: int = 20,
    out_dir: Path | None = None,
    max_trusts_per_currency: int = 6,
) -> list[Path]:
    """Write ``trusts`` synthetic trust-level schedules and their sidecars; return the CSVs.

    Earlier synthetic schedules in ``out_dir`` (default data/health/ncc_trust_schedules) are
    replaced. The same arguments give byte-identical files.
    """
    if trusts < 1 or max_trusts_per_currency < 1:
        raise ValueError("trusts and max_trusts_per_currency must be at least 1")
    national_path = data_dir / NATIONAL_SCHEDULE
    out_dir = out_dir or data_dir / OUTPUT_DIR
    codes = trust_codes(data_dir)
    if trusts > len(codes):
        raise ValueError(f"{trusts} trusts asked for, {len(codes)} known")
    # trusts come from their own random stream: the same seed picks them however many lines
    picked = np.random.default_rng([seed, 1]).choice(len(codes), size=trusts, replace=False)
    chosen = sorted(codes[i] for i in picked)
    rows = _schedule_rows(
        read_national_schedule(national_path), chosen, seed, max_trusts_per_currency
    )

    out_dir.mkdir(parents=True, exist_ok=True)
    remove_synthetic_files(out_dir)
    source_sha256 = sha256_of(national_path)
    written = []
    for code in chosen:
        path = out_dir / trust_file_name(FINANCIAL_YEAR_START, code)
        content = _csv_bytes(rows[code])
        path.write_bytes(content)
        sidecar = {
            "synthetic": True,
            "generator": GENERATOR,
            "generator_version": GENERATOR_VERSION,
            "seed": seed,
            "trusts": trusts,
            "max_trusts_per_currency": max_trusts_per_currency,
            "organisation_code": code,
            "rows": len(rows[code]),
            "sha256": hashlib.sha256(content).hexdigest(),
            "source_file": f"data/{NATIONAL_SCHEDULE}",
            "source_sha256": source_sha256,
            "note": "Synthetic: generated from the national schedule, not published by NHS "
            "England. Activity split across trusts at random; unit costs drawn around the "
            "national average with a trust-level efficiency factor.",
        }
        sidecar_path(path).write_text(
            json.dumps(sidecar, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m orchestration.synthetic.ncc_trust_schedules",
        description="Write synthetic trust-level NCC schedules (marked synthetic) for a seed.",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--trusts", type=int, default=20, help="how many trusts (default 20)")
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    parser.add_argument("--out-dir", type=Path, default=None, help=f"default data/{OUTPUT_DIR}")
    parser.add_argument("--max-trusts-per-currency", type=int, default=6)
    args = parser.parse_args(argv)
    written = generate(
        args.data_dir, args.seed, args.trusts, args.out_dir, args.max_trusts_per_currency
    )
    print(f"wrote {len(written)} synthetic trust schedules to {written[0].parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
