"""Justice sources: NOMS / HM Prison Service prison registers and lists (one Source per file),
and the HMPPS prison performance ratings and MoJ proven reoffending spreadsheets (one Source per
table sheet, optional).

The files are tab-separated lists from the GOV.UK prison register prototype (symroe/prison-estate
-data), each loaded as published with its declared header. Provenance from data/PROVENANCE.md.
"""

from __future__ import annotations

from orchestration.raw.landing.source import OGL, Source
from orchestration.raw.parsers import hmpps_prison_performance_ratings as ratings
from orchestration.raw.parsers import moj_proven_reoffending as reoffending
from orchestration.raw.parsers import published_csv

# (file stem in data/justice, publisher, title, description, published header)
_JUSTICE_TSVS: list[tuple[str, str, str, str, list[str]]] = [
    (
        "prison_register_2017",
        "NOMS / HM Prison Service data compiled for the GOV.UK prison register prototype",
        "Prison register: prison-estate code, name, start-date, end-date (as at 2017)",
        "One row per prison-estate code (two letters, e.g. AC) with its name and, for closed "
        "prisons, the end date (year, year-month or full date as published). Morton Hall (MH) "
        "and The Verne (VE) are listed twice, as a prison and as an immigration removal centre, "
        "with no dates.",
        ["prison-estate", "name", "start-date", "end-date"],
    ),
    (
        "prison_nomis_codes_2017",
        "NOMS / HM Prison Service (register prototype map)",
        "Map of NOMIS establishment codes to prison-estate codes and names (as at 2017)",
        "One row per NOMIS establishment code (three letters, e.g. ACI), the establishment key "
        "of HMPPS and MoJ statistics, with its prison-estate code (blank for some: Grendon, "
        "Spring Hill, Usk, Prescoed, Peterborough Female, Castington and the TRN transfer code).",
        ["nomis", "prison", "name", "nomis-name"],
    ),
    (
        "former_prisons",
        "NOMS / HM Prison Service (register prototype)",
        "Former (closed) prisons with codes, end dates, addresses (closures up to 2017)",
        "One row per closed prison: prison-estate and NOMIS codes, name, official name, end "
        "date as published (year, year-month or date), address parts separated by '|', postcode.",
        [
            "prison",
            "nomis",
            "name",
            "official-name",
            "start-date",
            "end-date",
            "address-text",
            "postcode",
        ],
    ),
    (
        "noms_prison_estate_list_2016",
        "NOMS",
        "Prisons and their resettlement providers: prison estate list (2016)",
        "One row per establishment (no code: keyed by name, e.g. 'Mount, The'): NOMS region, "
        "operator, predominant function (Local, Cat B/C Trainer, Open, Female, High Security, "
        "YOI, YJB, ...), designation, NPS division, resettlement provider, postcode.",
        [
            "name",
            "noms_region",
            "operator",
            "predominant_function",
            "designation",
            "notes",
            "postal_address",
            "telephone",
            "nps_division",
            "lead_resettlement_cpa_if_resettlement_prison",
            "lead_resettlement_services_provider",
            "postcode",
            "address",
        ],
    ),
    (
        "prison_names_in_prs_dataset_2015-16",
        "MoJ / NOMS (names only)",
        "Prison names in the Prison annual performance ratings 2015 to 2016 dataset",
        "The prison names of prs-dataset-2015-16.xlsx (names only, no ratings): a name-matching "
        "reference for the published ratings.",
        ["prison"],
    ),
]


# Data rows of each list: they are fixed snapshots (the register prototype as at 2017, the 2016
# estate list, the 2015-16 ratings names), so a truncated copy fails in one line.
JUSTICE_EDITION_ROWS: dict[str, int] = {
    "prison_register_2017": 153,
    "prison_nomis_codes_2017": 155,
    "former_prisons": 30,
    "noms_prison_estate_list_2016": 121,
    "prison_names_in_prs_dataset_2015-16": 118,
}


def _justice_source(
    stem: str, publisher: str, title: str, description: str, header: list[str]
) -> Source:
    table = stem.replace("-", "_")
    return Source(
        name=table,
        raw_table=table,
        glob=f"justice/{stem}.tsv",
        parser=published_csv.parser_for(header, delimiter="\t"),
        description=description,
        publisher=publisher,
        title=title,
        licence=OGL,
        url="https://github.com/symroe/prison-estate-data",
        publisher_key="noms",
        layout="tab-separated text with the published header row, loaded as is",
        expected_rows=JUSTICE_EDITION_ROWS[stem],
    )


# Published spreadsheets none of which ships with Frontline (a user drops them in, or the
# synthetic generator writes them): optional, so a run without them lands empty tables.
_RATINGS = "HMPPS / Ministry of Justice"
_REOFFENDING = "Ministry of Justice"
_RATINGS_URL = (
    "https://www.gov.uk/government/collections/prison-and-probation-trusts-performance-statistics"
)
_REOFFENDING_URL = "https://www.gov.uk/government/collections/proven-reoffending-statistics"
_SPREADSHEET_SOURCES: list[Source] = [
    Source(
        name="hmpps_prison_performance_ratings",
        raw_table="hmpps_prison_performance_ratings",
        glob=ratings.RATINGS_GLOB,
        parser=ratings.parse_ratings,
        description="Table_1 of the Annual Prison Performance Ratings tables (optional, none "
        "shipped): one row per prison with its functional group and overall rating 1-4 as "
        "printed; financial_year from the file name, synthetic_file 'true' for a generated file.",
        publisher=_RATINGS,
        title="Annual Prison Performance Ratings: overall rating by prison",
        licence=OGL,
        url=_RATINGS_URL,
        publisher_key="hmpps",
        layout=(
            "ods or xlsx workbook per year, sheet Table_1: title and notes above the header, one "
            "row per prison"
        ),
        optional=True,
        empty_columns=ratings.RATINGS_COLUMNS,
    ),
    Source(
        name="hmpps_prison_performance_measures",
        raw_table="hmpps_prison_performance_measures",
        glob=ratings.RATINGS_GLOB,
        parser=ratings.parse_measures,
        description="Table_2 of the Annual Prison Performance Ratings tables (optional, none "
        "shipped): one row per prison and performance measure with its functional group and the "
        "measure's value as printed; financial_year and synthetic_file as in Table_1.",
        publisher=_RATINGS,
        title="Annual Prison Performance Ratings: performance measure values by prison",
        licence=OGL,
        url=_RATINGS_URL,
        publisher_key="hmpps",
        layout=(
            "ods or xlsx workbook per year, sheet Table_2: title and notes above the header, one "
            "row per prison and measure"
        ),
        optional=True,
        empty_columns=ratings.MEASURES_COLUMNS,
    ),
    Source(
        name="moj_proven_reoffending_by_prison",
        raw_table="moj_proven_reoffending_by_prison",
        glob=reoffending.REOFFENDING_GLOB,
        parser=reoffending.parse_by_prison,
        description="Table_C1 of the Proven reoffending tables (optional, none shipped): per "
        "cohort and prison of release, offenders, reoffenders, reoffences, rates (percent), the "
        "predicted rate and actual minus predicted.",
        publisher=_REOFFENDING,
        title="Proven reoffending statistics: adults released from custody, by prison",
        licence=OGL,
        url=_REOFFENDING_URL,
        publisher_key="moj",
        layout=(
            "ods or xlsx workbook, sheet Table_C1: title and notes above the header, one row per "
            "cohort and prison"
        ),
        optional=True,
        empty_columns=reoffending.PRISON_COLUMNS,
    ),
    Source(
        name="moj_proven_reoffending_by_region",
        raw_table="moj_proven_reoffending_by_region",
        glob=reoffending.REOFFENDING_GLOB,
        parser=reoffending.parse_by_region,
        description="Table_C2 of the Proven reoffending tables (optional, none shipped): per "
        "cohort and probation region (NPS division), the same counts and rates as Table_C1.",
        publisher=_REOFFENDING,
        title="Proven reoffending statistics: adult offenders, by probation region",
        licence=OGL,
        url=_REOFFENDING_URL,
        publisher_key="moj",
        layout=(
            "ods or xlsx workbook, sheet Table_C2: title and notes above the header, one row per "
            "cohort and region"
        ),
        optional=True,
        empty_columns=reoffending.REGION_COLUMNS,
    ),
]

JUSTICE_SOURCES: list[Source] = [
    *(_justice_source(*row) for row in _JUSTICE_TSVS),
    *_SPREADSHEET_SOURCES,
]
