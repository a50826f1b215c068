"""Police sources: ONS police force area tables and long series, Home Office workforce,
data.police.uk street crime."""

from __future__ import annotations

from orchestration.raw.landing.source import OGL, Source
from orchestration.raw.parsers import (
    ho_police_workforce,
    ons_pfa_tables,
    ons_recorded_crime_long_series,
    police_uk_street,
)

ONS_PFA = "Office for National Statistics (police recorded crime supplied by the Home Office)"
PFA_TABLES = "police/ons_pfa_tables/*.xlsx"
PFA_TABLES_URL = (
    "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/"
    "policeforceareadatatables"
)

POLICE_SOURCES: list[Source] = [
    Source(
        name="ons_pfa_p1_recorded_crime",
        raw_table="ons_pfa_p1_recorded_crime",
        glob=PFA_TABLES,
        parser=ons_pfa_tables.parse_p1,
        edition_columns=("year_ending",),
        description=(
            "Table P1 of each quarterly workbook (one workbook per year-ending quarter): 12-month "
            "rolling counts of police recorded crime by offence group for England and Wales, "
            "regions and police force areas. '..' = not available (Greater Manchester from the "
            "year ending September 2019)."
        ),
        publisher=ONS_PFA,
        title="Crime in England and Wales: Police force area data tables, Table P1",
        licence=OGL,
        url=PFA_TABLES_URL,  # one workbook per quarter, each published on its own date
        publisher_key="ons",
        layout=(
            "xlsx workbook, sheet 'Table P1': title rows, two header rows, then one row per area"
        ),
    ),
    Source(
        name="ons_pfa_p9_population",
        raw_table="ons_pfa_p9_population",
        # Only the year ending March 2018 edition publishes Table P9.
        glob="police/ons_pfa_tables/policeforceareatablesyearendingmarch2018v2.xlsx",
        parser=ons_pfa_tables.parse_p9,
        description=(
            "Table P9 (published in the year ending March 2018 edition only): mid-year population "
            "estimates for police force areas, English regions and Wales, mid-2002 to mid-2016, "
            "rounded to the nearest 100."
        ),
        publisher="Office for National Statistics",
        title="Crime in England and Wales: Police force area data tables, Table P9",
        licence=OGL,
        url=PFA_TABLES_URL,
        publisher_key="ons",
        layout="xlsx workbook, sheet 'Table P9': header on row 5, one column per mid-year",
    ),
    Source(
        name="ons_recorded_crime_long_series",
        raw_table="ons_recorded_crime_long_series",
        glob="police/ons_recorded_crime_long_series/rec-crime-pfa.csv",
        parser=ons_recorded_crime_long_series.parse,
        description=(
            "Police recorded crime by police force area and offence, 12-month rolling totals: "
            "years ending March 2003 to March 2007, then every quarter to year ending December "
            "2018, as revised at the year ending December 2018 release (one vintage). Forces "
            "by name, British Transport Police, and fraud rows of Action Fraud, CIFAS and UK "
            "Finance."
        ),
        publisher=ONS_PFA,
        title="Recorded crime data at Police Force Area level (rec-crime-pfa.csv)",
        licence=OGL,
        url=(
            "https://www.ons.gov.uk/peoplepopulationandcommunity/crimeandjustice/datasets/"
            "recordedcrimedataatpoliceforcearealevel"
        ),
        published="2019-04-25",
        publisher_key="ons",
        layout=(
            "CSV, header on row 1, one row per 12-month period, force and offence "
            "(12 months ending DD-MM-YYYY, PFA, Region, Offence, count)"
        ),
    ),
    Source(
        name="ho_police_workforce",
        raw_table="ho_police_workforce",
        glob="police/raw/open-data-table-police-workforce-260723.ods",
        parser=ho_police_workforce.parse,
        description=(
            "Sheet Data: headcount and FTE by force, sex, rank and worker type as at 31 March, "
            "2007 to 2023 (43 territorial forces and British Transport Police)."
        ),
        publisher="Home Office",
        title="Police workforce, England and Wales: open data table (published 26 July 2023)",
        licence=OGL,
        url=(
            "https://www.gov.uk/government/statistics/"
            "police-workforce-england-and-wales-31-march-2023"
        ),
        published="2023-07-26",
        publisher_key="home_office",
        layout=(
            "ods spreadsheet, sheet 'Data': header on row 1, one row per force, year and post type"
        ),
    ),
    Source(
        name="police_uk_street_crime",
        raw_table="police_uk_street_crime",
        glob="police/police_uk_street/*-street.csv",
        parser=police_uk_street.parse,
        description=(
            "Street-level crimes and anti-social behaviour, one CSV per force per month "
            "(locations anonymised to a nearby point); partitioned by month."
        ),
        publisher="Home Office / data.police.uk",
        title="data.police.uk street-level crime",
        licence=OGL,
        url="https://data.police.uk/data/",  # monthly files, published month by month
        publisher_key="police_uk",
        layout="CSV per force and month (YYYY-MM-<force>-street.csv), 12 published columns",
        partitioned_by_month=True,
    ),
]
