"""The parts of an Explore Education Statistics (EES) data file, and the SQL they share.

An EES file is described by an ``EesFile``: a query (``base_sql``) giving, per row, the five
mandatory columns (``MANDATORY``), the columns of its geographic levels, the filters (and any
filter grouping columns) and, per indicator, its unrounded value and its decimal places. The
writer (``writer.py``) rounds the indicators, writes the data file and its ``.meta.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.publish.words import PEER_SET_LABELS, sentence_case

# every EES data file starts with these, in this order
MANDATORY = ("time_period", "time_identifier", "geographic_level", "country_code", "country_name")
# the EES metadata file's columns, in order
META_COLUMNS = (
    "col_name",
    "col_type",
    "label",
    "indicator_grouping",
    "indicator_unit",
    "indicator_dp",
    "filter_hint",
    "filter_grouping_column",
)
# the units EES displays (anything else is written into the label)
EES_UNITS = ("£", "£m", "%", "pp")
# EES's symbol for a value that is not available (GSS symbols: x unavailable, z not applicable,
# c confidential)
NOT_AVAILABLE = "x"


@dataclass(frozen=True)
class Filter:
    """A filter column: ``grouping_column`` names a data column holding each item's group (it
    gets no metadata row of its own)."""

    column: str
    label: str
    hint: str = ""
    grouping_column: str = ""


@dataclass(frozen=True)
class Indicator:
    """An indicator column. ``base_sql`` gives its unrounded value as ``<column>`` and its
    decimal places as ``<column>__dp``; ``<column>__symbol`` (when ``has_symbol``) is the GSS
    symbol written where the value is NULL (else ``x``)."""

    column: str
    label: str
    unit: str = ""
    grouping: str = ""
    has_symbol: bool = False

    def __post_init__(self) -> None:
        if self.unit and self.unit not in EES_UNITS:
            raise ValueError(f"{self.column}: EES units are {EES_UNITS}, not {self.unit!r}")


@dataclass(frozen=True)
class EesFile:
    """One EES data file (``ees/<name>.csv``) and its metadata (``ees/<name>.meta.csv``)."""

    name: str
    mart: str  # the mart it is drawn from, schema.table
    description: str
    base_sql: str
    geography: tuple[str, ...]  # the level columns after MANDATORY, in order
    filters: tuple[Filter, ...]
    indicators: tuple[Indicator, ...]

    @property
    def columns(self) -> list[str]:
        """The data file's columns, in order: mandatory, geography, filters, indicators."""
        filter_columns: list[str] = []
        for f in self.filters:
            if f.grouping_column and f.grouping_column not in filter_columns:
                filter_columns.append(f.grouping_column)
            filter_columns.append(f.column)
        return [
            *MANDATORY,
            *self.geography,
            *filter_columns,
            *(i.column for i in self.indicators),
        ]


def sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def time_columns(period: str) -> str:
    """``time_period`` and ``time_identifier`` of a ``marts.dim_period`` row aliased ``period``.

    Academic and financial years are six digits (``201516``); calendar years, calendar quarters
    (EES ``Calendar year Q1`` to ``Q4``), as-at dates (EES ``Reporting year``: collected on one
    day) and year-ending periods (``Reporting year``, the year they end; the ``rolling_year``
    filter says which quarter) four; months are the month's name and year.
    """
    p = period
    six = f"cast({p}.end_year - 1 as varchar) || right(cast({p}.end_year as varchar), 2)"
    return (
        f"case when {p}.period_type in ('academic_year', 'financial_year') then {six} "
        f"else cast({p}.end_year as varchar) end as time_period, "
        f"case {p}.period_type when 'academic_year' then 'Academic year' "
        f"when 'financial_year' then 'Financial year' "
        f"when 'calendar_year' then 'Calendar year' "
        f"when 'month' then monthname({p}.period_end) "
        f"when 'quarter' then 'Calendar year Q' || cast(quarter({p}.period_end) as varchar) "
        f"else 'Reporting year' end as time_identifier"
    )


def rolling_year(period: str) -> str:
    """The ``rolling_year`` filter of a year-ending period: ``Year ending March``."""
    return f"'Year ending ' || monthname({period}.period_end)"


def labelled(expression: str, labels: dict[str, str], otherwise: str) -> str:
    """A CASE giving ``labels[value]``, else ``otherwise`` (an SQL expression)."""
    whens = " ".join(f"when {sql_string(k)} then {sql_string(v)}" for k, v in labels.items())
    return f"case {expression} {whens} else {otherwise} end"


def peer_set_label(type_sql: str) -> str:
    """A peer-set type in the words the site and charts use, as an EES filter item starts."""
    labels = {code: sentence_case(label) for code, label in PEER_SET_LABELS.items()}
    return labelled(type_sql, labels, f"replace({type_sql}, '_', ' ')")
