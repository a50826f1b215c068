"""Local government sources: MHCLG revenue outturn and revenue account budget (finance) and Oflog's
adult social care metrics. One Source per file set."""

from __future__ import annotations

from orchestration.raw.landing.source import OGL, Source
from orchestration.raw.parsers import mhclg_revenue_account, mhclg_revenue_outturn, published_csv

LOCAL_GOV_SOURCES: list[Source] = [
    Source(
        name="mhclg_revenue_outturn_rs",
        raw_table="mhclg_revenue_outturn_rs",
        glob=mhclg_revenue_outturn.GLOB,
        parser=mhclg_revenue_outturn.parse,
        description=(
            "Revenue Outturn Summary (RS), sheet RS_LA_Data_<year> of each annual workbook "
            "(2018-19 .. 2023-24), landed long: one row per authority (E-code, ONS code, name, "
            "class) and published column (block, RO line, form column, column code, line name), "
            "values in GBP thousand as printed ('...', '…', '[x]', '[note 7]' kept). Councils, "
            "police, fire, national park, waste and combined authorities (class O) all appear."
        ),
        publisher="Ministry of Housing, Communities and Local Government (MHCLG / DLUHC)",
        title=(
            "Local authority revenue expenditure and financing England: Revenue Outturn "
            "Summary (RS), individual local authority data"
        ),
        licence=OGL,
        url=(
            "https://www.gov.uk/government/collections/"
            "local-authority-revenue-expenditure-and-financing"
        ),
        publisher_key="mhclg",
        layout=(
            "xls/xlsx workbook per year, sheet RS_LA_Data_<year>: helper rows naming each column, "
            "one row per authority; landed long"
        ),
    ),
    Source(
        name="mhclg_revenue_account_budget",
        raw_table="mhclg_revenue_account_budget",
        glob=mhclg_revenue_account.GLOB,
        parser=mhclg_revenue_account.parse,
        description=(
            "Revenue Account (RA) budget, individual local authority data, 2016-17 to 2021-22 "
            "(sheet 'RA LA Data <year>'), landed long: one row per authority and published "
            "column with the block, RA line number and column label as published and the cell "
            "as text (GBP thousand; '…' = not returned). Authorities include police and crime "
            "commissioners (class O, ONS code E23 = police force area)."
        ),
        publisher="Ministry of Housing, Communities and Local Government (DLUHC)",
        title=(
            "Local authority revenue expenditure and financing England: Revenue Account (RA) "
            "budget, individual local authority data"
        ),
        licence=OGL,
        url=(
            "https://www.gov.uk/government/collections/"
            "local-authority-revenue-expenditure-and-financing"
        ),
        publisher_key="mhclg",
        layout=(
            "xlsx workbook per year, sheet 'RA LA Data <year>': header bands on rows 5-7, one "
            "row per authority; landed long"
        ),
    ),
    Source(
        name="oflog_adult_social_care_metrics",
        raw_table="oflog_adult_social_care_metrics",
        glob="local_gov/oflog_adult_social_care_metrics_2015-16_2022-23.csv",
        parser=published_csv.parser_for(
            "Financial year,Local authority code,Local authority name,Grouping,Entity_Name,"
            "Region,Measure,Code,Value,rank_order".split(",")
        ),
        description=(
            "Adult social care metrics for upper-tier councils, one row per authority, year and "
            "measure (ASC1..ASC7), with Oflog's rank_order giving which direction is better. "
            "Oflog's derived MEDIAN and MADs_from_median columns are not in the shipped copy."
        ),
        publisher="Office for Local Government (Oflog), DLUHC",
        title="Oflog Local Authority Data Explorer: adult social care metrics 2015-16 to 2022-23",
        licence=OGL,
        url="https://oflog.data.gov.uk/",
        publisher_key="oflog",
        layout="CSV with a header row, long: one row per authority, year and measure",
    ),
]
