"""Organisation types in plain English: "521 primary schools", "42 police force areas"."""

from __future__ import annotations

# organisation_type -> (one, several)
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


def type_name(organisation_type: str, count: int = 1) -> str:
    """The type's name, singular for a count of one, else plural ("NHS trusts")."""
    known = ORGANISATION_TYPES.get(organisation_type)
    if known is None:
        one = organisation_type.replace("_", " ").strip() or "organisation"
        known = (one, one[:-1] + "ies" if one.endswith("y") else one + "s")
    return known[0] if count == 1 else known[1]


def counted(count: int, organisation_type: str) -> str:
    """A count of organisations: "521 primary schools", "1 NHS trust"."""
    return f"{count:,} {type_name(organisation_type, count)}"


def sentence_case(text: str) -> str:
    """The first letter in capitals, the rest as written ("NHS trusts" stays as it is)."""
    return text[:1].upper() + text[1:]


def plural(count: int, word: str, several: str | None = None) -> str:
    """A count of a word: "1 alarm", "6 alerts"."""
    return f"{count:,} {word if count == 1 else (several or word + 's')}"
