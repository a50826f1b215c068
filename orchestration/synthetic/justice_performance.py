"""Synthetic prison performance ratings and proven reoffending tables, for tests and benchmarks.

No ratings or reoffending spreadsheet ships with Frontline, so this writes plausible ones in the
layouts the raw loaders declare: for a given seed, the same bytes every time.

* Prisons: the establishments of the shipped NOMS estate list 2016 (data/justice), named as the
  list names them, with a function the ratings cover (not immigration removal centres, the
  secure training centre or 'Not in use'); 'Grendon/ Spring Hill' and 'Usk / Prescoed' are
  written as their two prisons. The functional group is the list's predominant function.
* Measures (MEASURES): each prison has a latent quality (normal), each measure value is its
  function's typical value moved by quality and noise, rounded as printed; 3% are '[x]'.
* Published overall rating: the measures rated by quartile within the functional group and
  weighted equally (frontline_stats/compare/prison_ratings.py), then 'moderated' one rating up or
  down for 5% of prisons, as HMPPS may.
* Proven reoffending: four 2022 quarterly cohorts per prison (offenders Poisson around the
  function's size, predicted rate around the function's typical rate, reoffenders binomial at
  the predicted rate moved by the prison's quality, reoffences reoffenders + Poisson), and per
  NPS division of the list. Cohorts under 10 offenders print '*' for counts and rates.

Beside each file a ``<file>.synthetic.json`` sidecar (generator, seed, the estate list's sha256,
the file's own sha256): the raw layer records the file as synthetic, and a release built from
it is labelled synthetic and never the default release.

    python -m orchestration.synthetic.justice_performance --out data/justice --seed 7
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from frontline_stats.compare.prison_ratings import rate_prisons
from orchestration.paths import DEFAULT_DATA_DIR
from orchestration.raw.landing.synthetic import is_synthetic, sidecar_path
from orchestration.raw.parsers.hmpps_prison_performance_ratings import file_name
from orchestration.synthetic.justice_workbooks import (
    ratings_workbook_bytes,
    reoffending_workbook_bytes,
)

GENERATOR = "orchestration.synthetic.justice_performance"
GENERATOR_VERSION = 1
ESTATE_LIST = "justice/noms_prison_estate_list_2016.tsv"
RATINGS_DIR = "prison_performance_ratings"
REOFFENDING_DIR = "proven_reoffending"
REOFFENDING_FILE = "proven_reoffending_synthetic_2022.xlsx"
FINANCIAL_YEARS = (2022, 2023)
COHORTS = ("Jan-Mar 2022", "Apr-Jun 2022", "Jul-Sep 2022", "Oct-Dec 2022")
NOT_RATED = {"Immigration Removal Centre", "Secure Training Centre", "Not in use"}
SPLIT_NAMES = {
    "Grendon/ Spring Hill": ("Grendon", "Spring Hill"),
    "Usk / Prescoed": ("Usk", "Prescoed"),
}
SUPPRESS_BELOW = 10
MISSING_SHARE = 0.03
MODERATED_SHARE = 0.05


@dataclass(frozen=True)
class Measure:
    name: str
    polarity: str
    typical: float
    spread: float
    low: float
    high: float
    decimals: int


# the published measure list is longer (33 in 2023/24); four of its kinds, as Frontline names them
MEASURES = (
    Measure("Positive random drug tests (%)", "lower_is_better", 11.0, 4.0, 0.0, 100.0, 1),
    Measure("Assaults per 1,000 prisoners", "lower_is_better", 180.0, 70.0, 0.0, 2000.0, 0),
    Measure("Purposeful activity (%)", "higher_is_better", 58.0, 14.0, 0.0, 100.0, 1),
    Measure("Settled accommodation on release (%)", "higher_is_better", 72.0, 9.0, 0.0, 100.0, 1),
)
# function: typical offenders released per quarter, typical predicted proportion reoffending
COHORT_PROFILE = {
    "Local": (320, 0.47),
    "Cat B Trainer": (40, 0.30),
    "Cat C Trainer": (110, 0.36),
    "Cat B Trainer/ Open": (35, 0.22),
    "Cat C Trainer/ Open": (45, 0.25),
    "Open": (70, 0.14),
    "Female": (90, 0.42),
    "High Security": (15, 0.20),
    "YOI": (45, 0.52),
    "YJB": (20, 0.62),
}
REGION_OFFENDERS, REGION_PREDICTED = 3000, 0.32


@dataclass(frozen=True)
class Prison:
    name: str
    function: str
    division: str


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def estate_prisons(data_dir: Path = DEFAULT_DATA_DIR) -> list[Prison]:
    """Rated prisons of the estate list, sorted by name."""
    with (data_dir / ESTATE_LIST).open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    prisons = [
        Prison(name, row["predominant_function"].strip(), row["nps_division"].strip())
        for row in rows
        if row["predominant_function"].strip() not in NOT_RATED
        for name in SPLIT_NAMES.get(row["name"].strip(), (row["name"].strip(),))
    ]
    return sorted(prisons, key=lambda p: p.name)


def _printed(value: float, decimals: int) -> float | int:
    return int(round(value)) if decimals == 0 else round(float(value), decimals)


def _ratings_tables(
    prisons: Sequence[Prison], rng: np.random.Generator
) -> tuple[list[list[object]], list[list[object]]]:
    quality = rng.normal(0.0, 1.0, size=len(prisons))
    measure_rows, long_rows = [], []
    for prison, q in zip(prisons, quality, strict=True):
        for measure in MEASURES:
            sign = 1.0 if measure.polarity == "higher_is_better" else -1.0
            value = measure.typical + measure.spread * (0.7 * sign * q + 0.7 * rng.normal())
            value = _printed(min(max(value, measure.low), measure.high), measure.decimals)
            missing = rng.random() < MISSING_SHARE
            measure_rows.append(
                [prison.name, prison.function, measure.name, "[x]" if missing else value]
            )
            if not missing:
                long_rows.append((prison.name, prison.function, measure.name, float(value)))
    frame = pd.DataFrame(
        long_rows, columns=["organisation_code", "comparison_type", "measure", "value"]
    )
    polarities = {m.name: m.polarity for m in MEASURES}
    weights = {p.function: {m.name: 1.0 for m in MEASURES} for p in prisons}
    _, overall = rate_prisons(frame, polarities, weights)
    rated = dict(zip(overall["organisation_code"], overall["rating"], strict=True))
    overall_rows = []
    for prison in prisons:
        rating = rated.get(prison.name)
        if rating is None or pd.isna(rating):
            overall_rows.append([prison.name, prison.function, "[x]"])
            continue
        rating = int(rating)
        if rng.random() < MODERATED_SHARE:
            rating = int(min(4, max(1, rating + rng.choice([-1, 1]))))
        overall_rows.append([prison.name, prison.function, rating])
    return overall_rows, measure_rows


def _cohort_row(
    cohort: str, label: str, offenders: int, predicted: float, effect: float, rng
) -> list[object]:
    rate = min(max(predicted * np.exp(effect), 0.0), 0.95)
    reoffenders = int(rng.binomial(offenders, rate)) if offenders else 0
    reoffences = reoffenders + int(rng.poisson(2.3 * reoffenders))
    if offenders < SUPPRESS_BELOW:
        return [cohort, label, offenders, *["*"] * 6]
    actual_pct = round(100 * reoffenders / offenders, 1)
    predicted_pct = round(100 * predicted, 1)
    per_reoffender = round(reoffences / reoffenders, 2) if reoffenders else "[z]"
    return [
        cohort,
        label,
        offenders,
        reoffenders,
        reoffences,
        actual_pct,
        per_reoffender,
        predicted_pct,
        round(actual_pct - predicted_pct, 1),
    ]


def _reoffending_tables(
    prisons: Sequence[Prison], rng: np.random.Generator
) -> tuple[list[list[object]], list[list[object]]]:
    by_prison, by_region = [], []
    effects = rng.normal(0.0, 0.12, size=len(prisons))
    for cohort in COHORTS:
        for prison, effect in zip(prisons, effects, strict=True):
            size, typical = COHORT_PROFILE.get(prison.function, (60, 0.35))
            predicted = float(np.clip(rng.normal(typical, 0.03), 0.02, 0.9))
            offenders = int(rng.poisson(size))
            by_prison.append(_cohort_row(cohort, prison.name, offenders, predicted, effect, rng))
        for division in sorted({p.division for p in prisons if p.division}):
            predicted = float(np.clip(rng.normal(REGION_PREDICTED, 0.02), 0.05, 0.9))
            offenders = int(rng.poisson(REGION_OFFENDERS))
            effect = float(rng.normal(0.0, 0.05))
            by_region.append(_cohort_row(cohort, division, offenders, predicted, effect, rng))
    return by_prison, by_region


NOTES = [
    "SYNTHETIC: generated by orchestration.synthetic.justice_performance, not published.",
    "Rating 1 = performance of serious concern, 2 = of concern, 3 = good, 4 = outstanding.",
    "Measure values and predicted rates are synthetic.",
]


def remove_synthetic_files(folder: Path) -> None:
    """Delete earlier generated files (those with a sidecar); never a published file."""
    for path in sorted(folder.glob("*.xlsx")):
        if is_synthetic(path):
            sidecar_path(path).unlink()
            path.unlink()


def _write(path: Path, content: bytes, sidecar: dict[str, object]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    sidecar = {**sidecar, "sha256": hashlib.sha256(content).hexdigest()}
    sidecar_path(path).write_text(json.dumps(sidecar, indent=2, sort_keys=True) + "\n")
    return path


def generate(out: Path, seed: int = 0, data_dir: Path = DEFAULT_DATA_DIR) -> list[Path]:
    """Write the ratings workbooks (one per financial year) and the reoffending workbook under
    `out` (a justice data folder), each with its sidecar; return the workbooks."""
    prisons = estate_prisons(data_dir)
    base = {
        "synthetic": True,
        "generator": GENERATOR,
        "generator_version": GENERATOR_VERSION,
        "seed": seed,
        "source_file": f"data/{ESTATE_LIST}",
        "source_sha256": sha256_of(data_dir / ESTATE_LIST),
        "note": "Synthetic: prison names and functions from the NOMS estate list; every value "
        "generated at random. Not published by HMPPS or the Ministry of Justice.",
    }
    for folder in (out / RATINGS_DIR, out / REOFFENDING_DIR):
        if folder.is_dir():
            remove_synthetic_files(folder)
    written = []
    for year in FINANCIAL_YEARS:
        rng = np.random.default_rng([seed, year])
        overall, measures = _ratings_tables(prisons, rng)
        label = f"{year}/{(year + 1) % 100:02d}"
        content = ratings_workbook_bytes(label, overall, measures, NOTES)
        path = out / RATINGS_DIR / file_name(year)
        written.append(_write(path, content, {**base, "prisons": len(prisons)}))
    by_prison, by_region = _reoffending_tables(prisons, np.random.default_rng([seed, 1]))
    content = reoffending_workbook_bytes(by_prison, by_region, NOTES)
    path = out / REOFFENDING_DIR / REOFFENDING_FILE
    written.append(_write(path, content, {**base, "cohorts": list(COHORTS)}))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog=f"python -m {GENERATOR}",
        description="Write synthetic prison ratings and proven reoffending tables (marked "
        "synthetic) for a seed.",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_DATA_DIR / "justice")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    args = parser.parse_args(argv)
    written = generate(args.out, args.seed, args.data_dir)
    print(f"wrote {len(written)} synthetic justice workbooks under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
