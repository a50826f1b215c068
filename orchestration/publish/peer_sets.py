"""Which of an organisation's peer sets a published page or chart shows by default.

``rpt_indicator_comparison`` compares every organisation against several peer sets; a reader
sees one at a time. The site's pages and the charts' highlighted peers use this one rule, so a
chart outlines the peers its page lists: DfE's similar schools, DfE's statistical neighbours for
an education indicator, the project's nearest neighbours, trusts with a type 1 A&E, DfE's
statistical neighbours for other indicators, ONS's global nearest neighbours, the same type; other
sets after these (by id), and all organisations of the type last. The area view
(``rpt_area_use_of_resources``) and the police report card make the same choices in SQL.
"""

from __future__ import annotations

# "<peer_set_type>" or "<peer_set_type>:<indicator sector>"
DEFAULT_PEER_SET_ORDER = (
    "dfe_similar_schools",
    "dfe_statistical_neighbours:education",
    "nearest_neighbours",
    "nhs_type_1_trusts",
    "dfe_statistical_neighbours",
    "ons_snn_global",
    "same_type",
)
LAST = "all_organisations"


def peer_set_rank(peer_set_type: str | None, sector: str | None) -> int:
    """The position of a peer-set type in ``DEFAULT_PEER_SET_ORDER`` (lower is preferred)."""
    for rank, entry in enumerate(DEFAULT_PEER_SET_ORDER):
        wanted_type, _, wanted_sector = entry.partition(":")
        if peer_set_type == wanted_type and (not wanted_sector or sector == wanted_sector):
            return rank
    others = len(DEFAULT_PEER_SET_ORDER)
    return others + 1 if peer_set_type == LAST else others


def peer_set_rank_sql(type_column: str, sector_column: str) -> str:
    """``peer_set_rank`` as a SQL expression over two columns."""
    cases = []
    for rank, entry in enumerate(DEFAULT_PEER_SET_ORDER):
        peer_set_type, _, sector = entry.partition(":")
        condition = f"{type_column} = '{peer_set_type}'"
        if sector:
            condition += f" and {sector_column} = '{sector}'"
        cases.append(f"when {condition} then {rank}")
    others = len(DEFAULT_PEER_SET_ORDER)
    return (
        f"case {' '.join(cases)} when {type_column} = '{LAST}' then {others + 1} else {others} end"
    )


def default_peer_set(
    candidates: set[tuple[str, str]] | list[tuple[str, str]], sector: str | None
) -> tuple[str, str] | None:
    """The preferred (peer_set_id, peer_set_type) among ``candidates``; ties by id."""
    ranked = sorted(candidates, key=lambda s: (peer_set_rank(s[1], sector), s[0]))
    return ranked[0] if ranked else None
