"""Local government finance sources (MHCLG revenue outturn and revenue account budget): one
Source per file set."""

from __future__ import annotations

from orchestration.raw import mhclg_revenue_account, mhclg_revenue_outturn
from orchestration.raw.source import OGL, Source

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
    ),
]
