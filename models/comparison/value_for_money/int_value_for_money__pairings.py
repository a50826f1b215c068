"""Spend per head beside the outcome it pays for (seed value_for_money_pairings), per
organisation and financial year, each against the same peer set, with the context beside it.
The outcome is taken for the period ending on the same day as the spend year (31 March)."""

import pandas as pd

from frontline_stats.compare.value_for_money import outcome_side, position, spend_side

POSITION_COLUMNS = [
    "organisation_type",
    "organisation_code",
    "organisation_name",
    "period_key",
    "indicator_code",
    "peer_set_id",
    "value",
    "denominator",
    "status_symbol",
    "peer_median",
    "peer_count",
    "mads_from_peer_median",
    "rank_among_peers",
    "national_value",
    "quartile_band",
    "polarity",
]
CONTEXT_VARIABLES = ["imd_2019_average_score", "percent_aged_65_plus", "population"]


def _side(positions: pd.DataFrame, pairings: pd.DataFrame, code_column: str, prefix: str):
    keyed = pairings[["pairing_id", "organisation_type", code_column, "peer_set_id"]].rename(
        columns={code_column: "indicator_code"}
    )
    side = positions.merge(keyed, on=["organisation_type", "indicator_code", "peer_set_id"])
    side = side.drop(columns=["indicator_code"])  # the pairing names it
    keep = ["pairing_id", "organisation_type", "organisation_code", "period_end"]
    return side.rename(columns={c: f"{prefix}{c}" for c in side.columns if c not in keep})


def _context(councils: pd.DataFrame, forces: pd.DataFrame) -> pd.DataFrame:
    long = pd.concat([councils, forces], ignore_index=True)
    long = long[long["variable"].isin(CONTEXT_VARIABLES)]
    wide = long.pivot_table(
        index=["organisation_type", "organisation_code"],
        columns="variable",
        values="value",
        aggfunc="first",
    ).reset_index()
    wide.columns.name = None
    # 1 = the most deprived of its type (IMD average score: higher = more deprived)
    wide["imd_2019_rank_of_type"] = (
        wide.groupby("organisation_type")["imd_2019_average_score"]
        .rank(ascending=False, method="min")
        .astype("Int64")
    )
    wide["organisations_of_type"] = wide.groupby("organisation_type")[
        "organisation_code"
    ].transform("size")
    return wide.rename(columns={"population": "population_mid_2023"})


def model(dbt, session):
    dbt.config(materialized="table")
    pairings = dbt.ref("value_for_money_pairings").df()
    periods = dbt.ref("dim_period").df()[["period_key", "period_end", "period_label"]]
    paired = set(pairings["spend_indicator_code"]) | set(pairings["outcome_indicator_code"])
    # only the paired indicators' rows leave DuckDB: the engine's table is far larger
    positions = (
        dbt.ref("int_comparison__positions")
        .filter("indicator_code in (" + ", ".join(f"'{code}'" for code in sorted(paired)) + ")")
        .project(", ".join(POSITION_COLUMNS))
        .df()
        .merge(periods, on="period_key")
    )

    spend = _side(positions, pairings, "spend_indicator_code", "spend_")
    outcome = _side(positions, pairings, "outcome_indicator_code", "outcome_")
    joined = spend.merge(
        outcome,
        on=["pairing_id", "organisation_type", "organisation_code", "period_end"],
        how="left",
    ).merge(
        pairings[["pairing_id", "spend_indicator_code", "outcome_indicator_code", "why_paired"]],
        on="pairing_id",
    )
    joined = joined.merge(
        _context(
            dbt.ref("int_context__council_variables").df(),
            dbt.ref("int_context__police_force_area_variables").df(),
        ),
        on=["organisation_type", "organisation_code"],
        how="left",
    )

    joined["spend_vs_peers"] = [
        spend_side(m, v, p)
        for m, v, p in zip(
            joined["spend_mads_from_peer_median"],
            joined["spend_value"],
            joined["spend_peer_median"],
            strict=True,
        )
    ]
    joined["outcome_vs_peers"] = [
        outcome_side(m, v, p, pol) if isinstance(pol, str) else None
        for m, v, p, pol in zip(
            joined["outcome_mads_from_peer_median"],
            joined["outcome_value"],
            joined["outcome_peer_median"],
            joined["outcome_polarity"],
            strict=True,
        )
    ]
    joined["value_for_money_position"] = [
        position(s, o)
        for s, o in zip(joined["spend_vs_peers"], joined["outcome_vs_peers"], strict=True)
    ]
    indicators = dbt.ref("dim_indicator").df()
    names = dict(zip(indicators["indicator_code"], indicators["indicator_name"], strict=True))
    joined["summary"] = [_sentence(row, names) for row in joined.itertuples()]
    return joined.drop(columns=["period_end"]).rename(
        columns={"spend_organisation_name": "organisation_name"}
    )


def _sentence(row, names: dict[str, str]) -> str:
    """One plain-English line: spend and outcome against the same peers, with the context."""
    if pd.isna(row.spend_value):
        return f"{row.spend_organisation_name} has no spend figure for {row.spend_period_label}."
    text = (
        f"{row.spend_organisation_name} spent \u00a3{row.spend_value:,.2f} per resident "
        f"({row.spend_period_label}), {row.spend_vs_peers or 'not compared'} "
        f"{'than' if row.spend_vs_peers in ('higher', 'lower') else 'to'} the median of its peers"
    )
    if not pd.isna(row.spend_peer_median):
        text += f" (\u00a3{row.spend_peer_median:,.2f})"
    outcome = names.get(row.outcome_indicator_code, row.outcome_indicator_code)
    if pd.isna(row.outcome_value):
        text += f"; {outcome}: no value for the same year."
    elif pd.isna(row.outcome_peer_median):
        text += f"; {outcome}: {row.outcome_value:,.4g}, no peer median to compare with."
    else:
        text += (
            f"; {outcome}: {row.outcome_value:,.4g}, {row.outcome_vs_peers} "
            f"{'than' if row.outcome_vs_peers in ('better', 'worse') else 'to'} its peers' median"
            f" ({row.outcome_peer_median:,.4g})."
        )
    if not pd.isna(row.imd_2019_rank_of_type):
        text += (
            f" Deprivation (IMD 2019 average score): {row.imd_2019_average_score:.1f}, "
            f"{int(row.imd_2019_rank_of_type)} of {int(row.organisations_of_type)} "
            "(1 = most deprived)."
        )
    return text
