"""Aggregates over each listed peer set, as one DuckDB query over the organisation-peer pairs.

A listed peer set (published, computed or user-defined) names each organisation's peers. Every
organisation x period x indicator x set is a join of its members' values: about ten million
pairs on the shipped data, which pandas merged and grouped in 15 s and a few GB; DuckDB streams
them in a few seconds on two cores.

The median and MAD keep every peer value of a set until it is grouped, so the query runs over
batches of comparison groups (a group's rows and their peers are all in one batch) and joins
organisations and sets by number rather than by code: on the shipped data's whole police series
the engine's peak memory fell from 3.1 GB to 1.3 GB, and the query from 8.4 s to 3.4 s.

Sums are taken as DECIMAL(38, 18): an exact sum does not depend on the order DuckDB's threads
add the rows in, so a run gives the same bytes every time whatever the input order (the engine
tests shuffle the rows). Eighteen decimal places keep a double's precision for values as small
as the proportions, and twenty whole digits hold any sum of counts, populations or pounds.
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

EXACT = "decimal(38, 18)"
# own values (organisation x indicator x period rows) per query: with about ten peers in each of
# a few sets, a batch joins a few million pairs
VALUES_PER_BATCH = 40_000

LISTED_SET_AGGREGATES = f"""
with pairs as (
    select
        own.row_id,
        members.set_number,
        own.value,
        own.lower_is_better,
        peer.value as peer_value,
        peer.numerator,
        peer.denominator
    from memberships as members
    inner join own_values as own
        on members.organisation_number = own.organisation_number
    inner join own_values as peer
        on own.group_id = peer.group_id
        and members.peer_number = peer.organisation_number
    where peer.value is not null and own.group_id >= $first_group and own.group_id < $end_group
)

select
    row_id,
    set_number,
    count(*) as peer_count,
    median(peer_value) as peer_median,
    -- the peers' own spread: median absolute deviation around their median (unscaled)
    mad(peer_value) as peer_mad,
    cast(sum(cast(peer_value as {EXACT})) as double) / count(*) as peer_simple_mean,
    coalesce(cast(sum(cast(numerator as {EXACT})) as double), 0) as numerator_sum,
    coalesce(cast(sum(cast(denominator as {EXACT})) as double), 0) as denominator_sum,
    count(*) filter (where denominator is null) as denominators_missing,
    -- rank among itself and its peers, ties "min": 1 + peers strictly better
    count(*) filter (
        where case when lower_is_better then peer_value < value else peer_value > value end
    ) as peers_better
from pairs
group by row_id, set_number
"""


def listed_set_aggregates(values: pd.DataFrame, peer_groups: pd.DataFrame) -> pd.DataFrame:
    """Per organisation row (``row_id`` of ``values``) and listed peer set: peer count, median,
    simple mean, sums of numerators and denominators, missing denominators, MAD and the number
    of peers better by polarity. ``values`` needs row_id, group_id (its comparison group's
    number), organisation_type, organisation_code, value, numerator, denominator and polarity;
    ``peer_groups`` the rpt_peer_groups membership columns."""
    organisations = pd.Index(
        pd.unique(
            pd.concat(
                [
                    _organisation_keys(values, "organisation_code"),
                    _organisation_keys(peer_groups, "organisation_code"),
                    _organisation_keys(peer_groups, "peer_code"),
                ]
            )
        )
    )
    sets = peer_groups[["peer_set_id", "peer_set_type"]].drop_duplicates("peer_set_id")
    set_numbers = pd.Index(sets["peer_set_id"])
    own_values = pd.DataFrame(
        {
            "row_id": values["row_id"].to_numpy(),
            "group_id": values["group_id"].to_numpy(),
            "organisation_number": organisations.get_indexer(
                _organisation_keys(values, "organisation_code")
            ),
            "value": values["value"].to_numpy(),
            "numerator": values["numerator"].to_numpy(),
            "denominator": values["denominator"].to_numpy(),
            "lower_is_better": values["polarity"].eq("lower_is_better").to_numpy(),
        }
    )
    memberships = pd.DataFrame(
        {
            "set_number": set_numbers.get_indexer(peer_groups["peer_set_id"]),
            "organisation_number": organisations.get_indexer(
                _organisation_keys(peer_groups, "organisation_code")
            ),
            "peer_number": organisations.get_indexer(_organisation_keys(peer_groups, "peer_code")),
        }
    )
    with duckdb.connect() as connection:
        connection.register("own_values", own_values)
        connection.register("memberships", memberships)
        batches = [
            connection.execute(LISTED_SET_AGGREGATES, {"first_group": first, "end_group": end}).df()
            for first, end in _group_batches(values["group_id"].to_numpy())
        ]
    stats = pd.concat(batches, ignore_index=True)
    numbers = stats.pop("set_number").to_numpy()
    stats.insert(1, "peer_set_id", sets["peer_set_id"].to_numpy()[numbers])
    stats.insert(2, "peer_set_type", sets["peer_set_type"].to_numpy()[numbers])
    return stats


def _organisation_keys(frame: pd.DataFrame, code_column: str) -> pd.Series:
    """An organisation's type and code in one key (codes are unique within a type)."""
    return frame["organisation_type"] + "\x1f" + frame[code_column]


def _group_batches(group_ids: np.ndarray) -> list[tuple[int, int]]:
    """[first, end) ranges of group ids covering every group, about VALUES_PER_BATCH rows each
    (a group's rows all fall in one range)."""
    if len(group_ids) == 0:
        return [(0, 1)]
    ordered = np.sort(group_ids)
    cuts = np.unique(ordered[::VALUES_PER_BATCH])
    ends = [*cuts[1:].tolist(), int(ordered[-1]) + 1]
    return list(zip(cuts.tolist(), ends, strict=True))
