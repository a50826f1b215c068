"""A second reading of the ONS police force area long series (rec-crime-pfa.csv), made here with
the csv module and ONS's own PFA code list, apart from the loader and the dbt models: total
recorded crime (excluding fraud) per force and year ending, the sum of every offence row that is
not fraud, whatever the offence's name or group."""

from __future__ import annotations

import csv
from pathlib import Path

from orchestration.paths import DEFAULT_DATA_DIR

LONG_SERIES = DEFAULT_DATA_DIR / "police/ons_recorded_crime_long_series/rec-crime-pfa.csv"
PFA_CODES = DEFAULT_DATA_DIR / "geography/ons_pfa19_names_codes_uk.csv"
FRAUD_OFFENCES = "Fraud offences"  # police-recorded fraud, outside total recorded crime


def force_codes(path: Path = PFA_CODES) -> dict[str, str]:
    """PFA name -> GSS code from ONS's Police Force Areas (December 2019) list, and BTP."""
    with path.open(encoding="utf-8-sig") as handle:
        codes = {row["PFA19NM"]: row["PFA19CD"] for row in csv.DictReader(handle)}
    return {**codes, "British Transport Police": "BTP"}


def total_recorded_crime(path: Path = LONG_SERIES) -> dict[tuple[str, str], int]:
    """(force code, 'YYYY-MM' of the year ending) -> total recorded crime excluding fraud."""
    codes = force_codes()
    totals: dict[tuple[str, str], int] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["Region"].startswith("Fraud:") or row["Offence"] == FRAUD_OFFENCES:
                continue
            day, month, year = row["12 months ending"].split("-")
            key = (codes[row["PFA"]], f"{year}-{month}")
            totals[key] = totals.get(key, 0) + int(row["Rolling year total number of offences"])
    return totals
