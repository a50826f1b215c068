"""The marts' codes in plain English, for everything a release writes for people (charts, the
website, the EES files): comparison types and organisation types ("521 primary schools", "42
police force areas") and peer sets ("nearest neighbours")."""

from __future__ import annotations

# a comparison_type (police_force_area, ...) or dim_organisation's organisation_type (police_force,
# ...) -> (one, several)
ORGANISATION_TYPES: dict[str, tuple[str, str]] = {
    "nhs_trust": ("NHS trust", "NHS trusts"),
    "school_primary": ("primary school", "primary schools"),
    "school_secondary": ("secondary school", "secondary schools"),
    "school": ("school", "schools"),
    "police_force_area": ("police force area", "police force areas"),
    "police_force": ("police force", "police forces"),
    "council_upper_tier": ("upper-tier council", "upper-tier councils"),
    "council_lower_tier": ("lower-tier council", "lower-tier councils"),
    "local_authority": ("council", "councils"),
    "combined_authority": ("combined authority", "combined authorities"),
    "prison": ("prison", "prisons"),
    "probation_region": ("probation region", "probation regions"),
    "gp_practice": ("GP practice", "GP practices"),
    "independent_sector_provider": ("independent sector provider", "independent sector providers"),
    "other_provider": ("other provider", "other providers"),
    "organisation": ("organisation", "organisations"),
}

# peer_set_type -> how a reader is told which organisations were compared
PEER_SET_LABELS = {
    "nearest_neighbours": "nearest neighbours",
    "dfe_statistical_neighbours": "DfE statistical neighbours",
    "dfe_similar_schools": "DfE similar schools",
    "nhs_type_1_trusts": "trusts with a type 1 (major) A&E department",
    "ons_snn_global": "ONS statistical nearest neighbours (all variables)",
    "ons_snn_demographic": "ONS statistical nearest neighbours (demographic)",
    "ons_snn_economic": "ONS statistical nearest neighbours (economic)",
    "ons_cluster_global": "ONS cluster (all variables)",
    "ons_cluster_demographic": "ONS cluster (demographic)",
    "ons_cluster_economic": "ONS cluster (economic)",
    "same_type": "same kind of organisation",
    "same_region": "same region",
    "user_defined": "a user-defined group",
    "all_organisations": "all organisations of its type",
}


def type_name(type_code: str, count: int = 1) -> str:
    """The type's name, singular for a count of one, else plural ("NHS trusts")."""
    known = ORGANISATION_TYPES.get(type_code)
    if known is None:
        one = type_code.replace("_", " ").strip() or "organisation"
        known = (one, one[:-1] + "ies" if one.endswith("y") else one + "s")
    return known[0] if count == 1 else known[1]


def counted(count: int, type_code: str) -> str:
    """A count of organisations: "521 primary schools", "1 NHS trust"."""
    return f"{count:,} {type_name(type_code, count)}"


def sentence_case(text: str) -> str:
    """The first letter in capitals, the rest as written ("NHS trusts" stays as it is)."""
    return text[:1].upper() + text[1:]


def plural(count: int, word: str, several: str | None = None) -> str:
    """A count of a word: "1 alarm", "6 alerts"."""
    return f"{count:,} {word if count == 1 else (several or word + 's')}"
