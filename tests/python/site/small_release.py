"""A small release for the site's unit tests: the marts the site reads, shaped like Frontline's
(the columns it reads, with their types), a few police forces, NHS trusts and one area, exported
to CSV the way a release writes them (header, rows ordered by all columns)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from orchestration.publish.attachment import ReleaseInfo
from orchestration.publish.model import SourceFile

RELEASE_ID = "2026-01-02T03-04-05Z-abcdef12"
CREATED_AT = "2026-01-02T03:04:05Z"
CRIME = "police_crime_rate__total_recorded_crime_excluding_fraud"
AE = "nhse_ae_within_4_hours_type_1"
OFFICERS = "police_officers_per_1000_population"
SPEND = "police_net_revenue_expenditure_per_head"
CLEVELAND, DURHAM, CITY = "E23000013", "E23000008", "E23000034"
ALDER_HEY, LEEDS = "RBS", "RR8"
HARTLEPOOL = "E06000001"
MSF = "nearest_neighbours:police_force_area:k7"
ALL_FORCES = "all_organisations:police_force_area"
TYPE_1 = "nhs_type_1_trusts:nhs_trust"

SOURCES = [
    SourceFile(
        path="data/ons/pfa_tables.xlsx",
        sha256="0" * 64,
        publisher="Office for National Statistics",
        title="Police force area data tables",
        licence="Open Government Licence v3.0",
    ),
    SourceFile(
        path="data/mysociety/la_lookup.csv",
        sha256="1" * 64,
        publisher="mySociety",
        title="Local authority lookup",
        licence="CC BY 4.0",
    ),
]

TABLES: dict[str, dict[str, str]] = {
    "dim_indicator": {
        "indicator_code": "varchar",
        "indicator_name": "varchar",
        "sector": "varchar",
        "subject_code": "varchar",
        "measure": "varchar",
        "unit": "varchar",
        "decimal_places": "integer",
        "polarity": "varchar",
        "numerator_definition": "varchar",
        "denominator_definition": "varchar",
        "peer_average_method": "varchar",
        "method": "varchar",
        "source_title": "varchar",
        "publisher": "varchar",
        "licence": "varchar",
        "disclosure_threshold": "integer",
        "disclosure_rounding_base": "integer",
        "disclosure_symbol": "varchar",
        "disclosure_threshold_applies_to": "varchar",
    },
    "dim_period": {"period_key": "varchar", "period_label": "varchar", "period_end": "date"},
    "dim_geography": {
        "geography_code": "varchar",
        "geography_name": "varchar",
        "geography_level": "varchar",
        "region_code": "varchar",
    },
    "dim_organisation": {
        "organisation_key": "varchar",
        "organisation_code": "varchar",
        "organisation_name": "varchar",
        "organisation_type": "varchar",
        "organisation_subtype": "varchar",
        "geography_code": "varchar",
        "valid_from": "date",
        "is_current": "boolean",
        "comparison_type": "varchar",
    },
    "rpt_indicator_comparison": {
        "comparison_type": "varchar",
        "organisation_code": "varchar",
        "organisation_name": "varchar",
        "period_key": "varchar",
        "period_label": "varchar",
        "indicator_code": "varchar",
        "value": "double",
        "numerator": "double",
        "denominator": "double",
        "status_symbol": "varchar",
        "peer_set_id": "varchar",
        "peer_set_type": "varchar",
        "peer_count": "integer",
        "peer_median": "double",
        "rank_among_peers": "integer",
        "national_value": "double",
        "organisations_reporting": "integer",
        "national_rank": "integer",
        "quartile_band": "varchar",
        "funnel_method": "varchar",
        "funnel_y": "double",
        "funnel_target": "double",
        "outlier_flag": "varchar",
        "year_earlier_period_key": "varchar",
        "direction_vs_year_earlier": "varchar",
        "method_note": "varchar",
    },
    "rpt_police_report_card": {
        "force_code": "varchar",
        "force_area_name": "varchar",
        "period_key": "varchar",
        "period_label": "varchar",
        "peer_set_id": "varchar",
        "most_similar_forces": "varchar",
        "crime_rate_per_1000": "double",
        "crime_rate_peer_median": "double",
        "crime_rate_england_and_wales": "double",
        "crime_rate_band": "varchar",
        "crime_rate_rank_among_peers": "integer",
        "peers_compared": "integer",
        "officers_period_key": "varchar",
        "officers_per_1000": "double",
        "officers_per_1000_peer_median": "double",
        "officers_per_1000_band": "varchar",
        "crimes_per_officer_period_key": "varchar",
        "crimes_per_officer": "double",
        "crimes_per_officer_peer_median": "double",
        "crimes_per_officer_band": "varchar",
        "spend_period_key": "varchar",
        "net_revenue_expenditure_per_head": "double",
        "net_revenue_expenditure_per_head_peer_median": "double",
        "summary": "varchar",
    },
    "rpt_area_use_of_resources": {
        "area_code": "varchar",
        "area_name": "varchar",
        "role": "varchar",
        "organisation_code": "varchar",
        "organisation_name": "varchar",
        "link_basis": "varchar",
        "comparison_type": "varchar",
        "indicator_code": "varchar",
        "period_key": "varchar",
        "period_label": "varchar",
        "value": "double",
        "unit": "varchar",
        "peer_set_id": "varchar",
        "peers_compared": "integer",
        "peer_median": "double",
        "rank_among_peers": "integer",
        "national_value": "double",
        "quartile_band": "varchar",
        "area_summary": "varchar",
    },
    "rpt_mentoring_pairs": {
        "comparison_type": "varchar",
        "indicator_code": "varchar",
        "period_key": "varchar",
        "peer_set_id": "varchar",
        "mentee_code": "varchar",
        "mentee_name": "varchar",
        "mentee_value": "double",
        "mentee_band": "varchar",
        "mentor_code": "varchar",
        "mentor_name": "varchar",
        "mentor_value": "double",
        "mentor_band": "varchar",
        "geographic_distance_km": "double",
        "reason": "varchar",
    },
    "rpt_value_for_money": {
        "pairing_id": "varchar",
        "comparison_type": "varchar",
        "organisation_code": "varchar",
        "organisation_name": "varchar",
        "spend_period_key": "varchar",
        "spend_period_label": "varchar",
        "value_for_money_position": "varchar",
        "why_paired": "varchar",
        "summary": "varchar",
    },
    "rpt_vfm_rating": {
        "rule_id": "varchar",
        "comparison_type": "varchar",
        "organisation_code": "varchar",
        "organisation_name": "varchar",
        "grade_indicator_code": "varchar",
        "grade_period_key": "varchar",
        "grade_before_label": "varchar",
        "vfm_indicator_code": "varchar",
        "grade_after_label": "varchar",
        "change": "varchar",
        "reason": "varchar",
    },
    "rpt_peer_groups": {
        "peer_set_id": "varchar",
        "peer_set_type": "varchar",
        "comparison_type": "varchar",
        "organisation_code": "varchar",
        "peer_code": "varchar",
        "peer_rank": "integer",
        "distance": "double",
        "reasons": "varchar",
        "source": "varchar",
    },
}


def _indicator(code, name, sector, measure, unit, places, polarity):
    return {
        "indicator_code": code,
        "indicator_name": name,
        "sector": sector,
        "measure": measure,
        "unit": unit,
        "decimal_places": places,
        "polarity": polarity,
        "numerator_definition": f"{name}: numerator",
        "denominator_definition": f"{name}: denominator",
        "peer_average_method": "weighted",
        "method": f"how {name} is computed",
        "source_title": f"{name} source",
        "publisher": "Office for National Statistics",
        "licence": "Open Government Licence v3.0",
    }


def _comparison(org, name, period, peer_set, value, **fields):
    comparison_type = "nhs_trust" if org in (ALDER_HEY, LEEDS) else "police_force_area"
    row = {
        "comparison_type": comparison_type,
        "organisation_code": org,
        "organisation_name": name,
        "period_key": period,
        "period_label": PERIOD_LABELS[period],
        "indicator_code": AE if comparison_type == "nhs_trust" else CRIME,
        "value": value,
        "peer_set_id": peer_set,
        "peer_set_type": peer_set.split(":")[0],
        "outlier_flag": "none",
        "method_note": "ranks over all; funnel: O/E",
    }
    row.update(fields)
    return row


PERIOD_LABELS = {
    "YE2019-09": "year ending September 2019",
    "YE2019-12": "year ending December 2019",
    "YE2018-12": "year ending December 2018",
    "YE2025-06": "year ending June 2025",
    "AT2019-03-31": "as at 31 March 2019",
    "FY2018-19": "2018-19",
}
PERIOD_ENDS = {
    "YE2019-09": dt.date(2019, 9, 30),
    "YE2019-12": dt.date(2019, 12, 31),
    "YE2018-12": dt.date(2018, 12, 31),
    "YE2025-06": dt.date(2025, 6, 30),
    "AT2019-03-31": dt.date(2019, 3, 31),
    "FY2018-19": dt.date(2019, 3, 31),
}

SUMMARY = (
    "Cleveland's recorded crime rate of 122.0 crimes per 1,000 people is well above the median "
    "of its most similar forces (103.0) and is worsening."
)


def rows() -> dict[str, list[dict[str, Any]]]:
    """The marts' rows. Cleveland has two peer sets in its latest period (its nearest neighbours
    must be the one shown) and an earlier period; City of London is an alarm above the funnel."""
    return {
        "dim_indicator": [
            _indicator(
                CRIME,
                "Police recorded crime per 1000 population: Total",
                "police",
                "rate_per_1000",
                "crimes per 1000 population",
                2,
                "lower_is_better",
            ),
            _indicator(
                AE,
                "A&E type 1 attendances within 4 hours",
                "health",
                "proportion",
                "proportion of attendances (0-1)",
                2,
                "higher_is_better",
            ),
            _indicator(
                OFFICERS, "Officers per 1000", "police", "rate_per_1000", "officers", 2, None
            ),
            _indicator(
                SPEND, "Spend per head", "police", "per_head", "pounds per resident", 2, None
            ),
        ],
        "dim_period": [
            {"period_key": k, "period_label": v, "period_end": PERIOD_ENDS[k]}
            for k, v in PERIOD_LABELS.items()
        ],
        "dim_geography": [
            {
                "geography_code": "E12000001",
                "geography_name": "North East",
                "geography_level": "region",
                "region_code": "E12000001",
            },
            {
                "geography_code": CLEVELAND,
                "geography_name": "Cleveland",
                "geography_level": "police_force_area",
                "region_code": "E12000001",
            },
            {
                "geography_code": "E54000050",
                "geography_name": "NHS North East ICB",
                "geography_level": "integrated_care_board",
                "region_code": None,
            },
        ],
        "dim_organisation": [
            {
                "organisation_key": "k1",
                "organisation_code": CLEVELAND,
                "organisation_name": "Cleveland Police",
                "organisation_type": "police_force",
                "organisation_subtype": "territorial",
                "geography_code": CLEVELAND,
                "is_current": True,
                "comparison_type": "police_force_area",
            },
            {
                "organisation_key": "k2",
                "organisation_code": LEEDS,
                "organisation_name": "LEEDS TEACHING HOSPITALS",
                "organisation_type": "nhs_trust",
                "geography_code": "E54000050",
                "is_current": True,
                "comparison_type": "nhs_trust",
            },
            {
                "organisation_key": "k3",
                "organisation_code": "HHI",
                "organisation_name": "HMP Holme House",
                "organisation_type": "prison",
                "organisation_subtype": "local",
                "geography_code": None,
                "is_current": True,
                "comparison_type": "prison_local",
            },
        ],
        "rpt_indicator_comparison": [
            _comparison(
                CLEVELAND,
                "Cleveland",
                "YE2019-12",
                MSF,
                122.01258970606386,
                numerator=69000,
                denominator=565000,
                peer_count=7,
                peer_median=102.98817957704398,
                rank_among_peers=8,
                national_value=89.22896692663758,
                organisations_reporting=42,
                national_rank=40,
                quartile_band="D",
                funnel_method="ratio",
                funnel_y=1.37,
                funnel_target=1.0,
                outlier_flag="alert",
                year_earlier_period_key="YE2018-12",
                direction_vs_year_earlier="Worsening",
            ),
            _comparison(
                CLEVELAND,
                "Cleveland",
                "YE2019-12",
                ALL_FORCES,
                122.01258970606386,
                peer_count=41,
                peer_median=80.5,
                rank_among_peers=40,
                national_value=89.22896692663758,
                organisations_reporting=42,
                national_rank=40,
                quartile_band="D",
                funnel_method="ratio",
                funnel_y=1.37,
                funnel_target=1.0,
                outlier_flag="alert",
            ),
            _comparison(
                CLEVELAND,
                "Cleveland",
                "YE2018-12",
                MSF,
                115.3,
                peer_count=7,
                peer_median=99.1,
                rank_among_peers=7,
                national_value=85.0,
                organisations_reporting=42,
                national_rank=38,
                quartile_band="D",
                direction_vs_year_earlier="No comparison",
            ),
            _comparison(
                DURHAM,
                "Durham",
                "YE2019-12",
                MSF,
                98.5,
                numerator=62000,
                denominator=630000,
                peer_count=7,
                peer_median=110.0,
                rank_among_peers=2,
                national_value=89.22896692663758,
                organisations_reporting=42,
                national_rank=30,
                quartile_band="C",
                funnel_method="ratio",
                funnel_y=1.1,
                funnel_target=1.0,
            ),
            _comparison(
                CITY,
                "London, City of",
                "YE2019-12",
                ALL_FORCES,
                1058.0,
                numerator=8200,
                denominator=7737,
                peer_count=41,
                peer_median=80.5,
                rank_among_peers=42,
                national_value=89.22896692663758,
                organisations_reporting=42,
                national_rank=42,
                quartile_band="D",
                funnel_method="ratio",
                funnel_y=11.9,
                funnel_target=1.0,
                outlier_flag="alarm",
            ),
            _comparison(
                ALDER_HEY,
                "ALDER HEY CHILDREN'S NHS FOUNDATION TRUST",
                "YE2025-06",
                TYPE_1,
                0.9123,
                numerator=9123,
                denominator=10000,
                peer_count=120,
                peer_median=0.5904,
                rank_among_peers=1,
                national_value=0.6,
                organisations_reporting=121,
                national_rank=1,
                quartile_band="A",
                funnel_method="proportion",
                funnel_y=0.9123,
                funnel_target=0.6,
                outlier_flag="alarm",
            ),
            _comparison(
                LEEDS,
                "LEEDS TEACHING HOSPITALS NHS TRUST",
                "YE2025-06",
                TYPE_1,
                0.55,
                numerator=5,
                denominator=9,
                peer_count=120,
                peer_median=0.5904,
                rank_among_peers=80,
                national_value=0.6,
                organisations_reporting=121,
                national_rank=80,
                quartile_band="C",
                funnel_method="proportion",
                funnel_y=0.55,
                funnel_target=0.6,
            ),
        ],
        "rpt_police_report_card": [
            {
                "force_code": CLEVELAND,
                "force_area_name": "Cleveland",
                "period_key": period,
                "period_label": PERIOD_LABELS[period],
                "peer_set_id": MSF,
                "most_similar_forces": "Durham, South Yorkshire",
                "crime_rate_per_1000": rate,
                "crime_rate_peer_median": median,
                "crime_rate_england_and_wales": 89.22896692663758,
                "crime_rate_band": "D",
                "crime_rate_rank_among_peers": 8,
                "peers_compared": 7,
                "officers_period_key": "AT2019-03-31",
                "officers_per_1000": 2.1128665385361383,
                "officers_per_1000_peer_median": 1.9266113631057267,
                "spend_period_key": "FY2018-19",
                "net_revenue_expenditure_per_head": 225.76481582705904,
                "net_revenue_expenditure_per_head_peer_median": 183.71775385637636,
                "summary": summary,
            }
            for period, rate, median, summary in (
                ("YE2019-12", 122.01258970606386, 102.98817957704398, SUMMARY),
                ("YE2019-09", 122.83, 101.98, "An earlier sentence about Cleveland."),
            )
        ],
        "rpt_area_use_of_resources": [
            {
                "area_code": HARTLEPOOL,
                "area_name": "Hartlepool Borough Council",
                "role": "police force",
                "organisation_code": CLEVELAND,
                "organisation_name": "Cleveland",
                "link_basis": "its police force area contains the area's districts",
                "comparison_type": "police_force_area",
                "indicator_code": CRIME,
                "period_key": "YE2019-12",
                "period_label": PERIOD_LABELS["YE2019-12"],
                "value": 122.01258970606386,
                "unit": "crimes per 1000 population",
                "peer_set_id": MSF,
                "peers_compared": 7,
                "peer_median": 102.98817957704398,
                "rank_among_peers": 8,
                "national_value": 89.22896692663758,
                "quartile_band": "D",
                "area_summary": "Hartlepool Borough Council: the council, 1 police force.",
            },
            {
                "area_code": HARTLEPOOL,
                "area_name": "Hartlepool Borough Council",
                "role": "prison",
                "organisation_code": "HHI",
                "organisation_name": "HMP/YOI Holme House",
                "link_basis": "prison address in a district of the area",
                "area_summary": "Hartlepool Borough Council: the council, 1 police force.",
            },
        ],
        "rpt_mentoring_pairs": [
            {
                "comparison_type": "police_force_area",
                "indicator_code": CRIME,
                "period_key": "YE2019-12",
                "peer_set_id": MSF,
                "mentee_code": CLEVELAND,
                "mentee_name": "Cleveland",
                "mentee_value": 122.01258970606386,
                "mentee_band": "D",
                "mentor_code": DURHAM,
                "mentor_name": "Durham",
                "mentor_value": 98.5,
                "mentor_band": "C",
                "geographic_distance_km": 35.2,
                "reason": "nearest better-band peer",
            }
        ],
        "rpt_value_for_money": [
            {
                "pairing_id": "police__recorded_crime",
                "comparison_type": "police_force_area",
                "organisation_code": CLEVELAND,
                "organisation_name": "Cleveland",
                "spend_period_key": "FY2018-19",
                "spend_period_label": "2018-19",
                "why_paired": "Police spend per resident beside recorded crime.",
                "summary": "Cleveland spent £225.76 per resident (2018-19).",
            }
        ],
        "rpt_vfm_rating": [],
        "rpt_peer_groups": [
            {
                "peer_set_id": MSF,
                "peer_set_type": "nearest_neighbours",
                "comparison_type": "police_force_area",
                "organisation_code": CLEVELAND,
                "peer_code": DURHAM,
                "peer_rank": 1,
                "distance": 0.12,
                "reasons": "Percent aged 65+ (0.16 sd apart)",
                "source": "Frontline nearest neighbours",
            },
            {
                "peer_set_id": MSF,
                "peer_set_type": "nearest_neighbours",
                "comparison_type": "police_force_area",
                "organisation_code": DURHAM,
                "peer_code": CLEVELAND,
                "peer_rank": 1,
                "distance": 0.12,
                "reasons": "Percent aged 65+ (0.16 sd apart)",
                "source": "Frontline nearest neighbours",
            },
        ],
    }


def build_database(path: Path, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    for table, data in tables.items():
        columns = TABLES[table]
        con.execute(
            f"create table marts.{table} ("
            + ", ".join(f"{name} {kind}" for name, kind in columns.items())
            + ")"
        )
        names = list(columns)
        if data:
            con.executemany(
                f"insert into marts.{table} values ({', '.join('?' for _ in names)})",
                [[row.get(n) for n in names] for row in data],
            )
    con.close()


def export_csvs(con: duckdb.DuckDBPyConnection, folder: Path, tables: Sequence[str]) -> list:
    """Each table's CSV as a release writes it, and its manifest entry."""
    (folder / "csv").mkdir(parents=True, exist_ok=True)
    entries = []
    for table in tables:
        rel = f"csv/{table}.csv"
        con.execute(
            f"copy (select * from marts.{table} order by all) to '{folder / rel}' "
            "(format csv, header true)"
        )
        size = (folder / rel).stat().st_size
        (row_count,) = con.execute(f"select count(*) from marts.{table}").fetchone()
        entries.append(
            {
                "table": f"marts.{table}",
                "row_count": row_count,
                "files": [{"path": rel, "format": "csv", "sha256": "0" * 64, "bytes": size}],
            }
        )
    return entries


def release_info(marts: list) -> ReleaseInfo:
    return ReleaseInfo(
        release_id=RELEASE_ID,
        created_at=CREATED_AT,
        content_sha256="0" * 64,
        synthetic=False,
        marts=marts,
        sources=SOURCES,
    )
