"""The words the site uses for the marts' codes: organisation types, peer sets, bands, funnel
flags, directions and status symbols, so every page says the same thing the same way."""

from __future__ import annotations

from orchestration.publish.words import PEER_SET_LABELS, type_name

# the site's own kinds of organisation (one list page each), in the order the home page lists them
KINDS = ("council", "police_force", "nhs_trust", "school", "prison")
KIND_LABELS = {
    "council": ("Council", "Councils"),
    "police_force": ("Police force", "Police forces"),
    "nhs_trust": ("NHS trust", "NHS trusts"),
    "school": ("School", "Schools"),
    "prison": ("Prison", "Prisons"),
}

# the marts' comparison types and dim_organisation's organisation types
_KIND_OF_TYPE = {
    "council_upper_tier": "council",
    "council_lower_tier": "council",
    "local_authority": "council",
    "police_force_area": "police_force",
    "police_force": "police_force",
    "nhs_trust": "nhs_trust",
    "school_primary": "school",
    "school": "school",
    "prison": "prison",
}
BAND_LABELS = {
    "A": "A (best quarter)",
    "B": "B (second quarter)",
    "C": "C (third quarter)",
    "D": "D (worst quarter)",
}

POLARITY_LABELS = {
    "higher_is_better": "higher is better",
    "lower_is_better": "lower is better",
    None: "neither higher nor lower is better (context)",
}

# GSS statistical symbols as the marts carry them in status_symbol
STATUS_LABELS = {
    "c": "confidential (suppressed)",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
}


def kind_of(type_code: str | None) -> str:
    """The site's kind for a comparison type or organisation type of the marts; 'other' when it
    has none."""
    if type_code and type_code.startswith("prison"):
        return "prison"
    return _KIND_OF_TYPE.get(type_code or "", "other")


def kind_label(kind: str, plural: bool = False) -> str:
    singular, many = KIND_LABELS.get(kind, ("Organisation", "Organisations"))
    return many if plural else singular


def type_label(type_code: str | None) -> str:
    """A comparison or organisation type as several of them are called ("NHS trusts")."""
    return type_name(type_code, 2) if type_code else "organisations"


def peer_set_label(peer_set_type: str | None, peer_set_id: str | None = None) -> str:
    label = PEER_SET_LABELS.get(peer_set_type or "", (peer_set_type or "").replace("_", " "))
    if peer_set_type == "user_defined" and peer_set_id:
        return f"{label} ({peer_set_id.split(':')[-1].replace('_', ' ')})"
    return label


def band_label(band: str | None) -> str:
    return BAND_LABELS.get(band or "", "no band")


def polarity_label(polarity: str | None) -> str:
    return POLARITY_LABELS.get(polarity, polarity or "")


def funnel_label(
    method: str | None, flag: str | None, y: float | None, target: float | None
) -> str:
    """Where the organisation sits on the funnel plot the engine published: within its limits,
    or an alert (beyond the 95% limits) or alarm (beyond the 99.8% limits), above or below."""
    if method is None:
        return "no funnel plot"
    if flag in (None, "none"):
        return "within the limits"
    side = "beyond"
    if y is not None and target is not None:
        side = "above" if y > target else "below"
    limit = "99.8%" if flag == "alarm" else "95%"
    return f"{flag}: {side} the {limit} limit"


def direction_label(direction: str | None, compared_with: str | None) -> str:
    """The direction of travel against the period it was compared with (its label)."""
    if not direction or direction == "No comparison":
        return "no comparison"
    return f"{direction.lower()} (on {compared_with})" if compared_with else direction.lower()


def status_label(symbol: str | None) -> str:
    if not symbol:
        return "no value"
    return f"{symbol}: {STATUS_LABELS.get(symbol, 'no value')}"


def peer_set_type_of(peer_set_id: str) -> str:
    """The type of a peer set from its id, ``<peer_set_type>:<comparison_type>[:<qualifier>]``
    (``user_defined:police_force_area:welsh_forces``)."""
    return peer_set_id.split(":")[0]
