"""Local government finance sources (MHCLG revenue outturn): one Source per file set."""

from __future__ import annotations

from orchestration.raw import mhclg_revenue_outturn
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
]
