"""Nearest neighbours, CIPFA style: which organisations are most alike on context variables.

Method (CIPFA Nearest Neighbours Model, as summarised in docs/methods/comparisons.md):

1. Standardise each variable, z = (x - mean) / sd, with the *population* standard deviation
   (ddof=0) over all organisations in ``frame``.
2. Within each variable family f, weighted Euclidean distance
   d_f(i, j) = sqrt(sum_v w_v (z_iv - z_jv)^2).
3. Sum the family distances, D(i, j) = sum_f d_f(i, j).
4. Rebase so the farthest pair in the whole population is 1: D / max D.

Lists are not reciprocal: j can be among i's k nearest without i being among j's.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

# The columns of every peer-group model (int_peer_groups__all unions them).
PEER_GROUP_COLUMNS = [
    "peer_set_id",
    "peer_set_type",
    "peer_set_version",
    "organisation_type",
    "organisation_code",
    "peer_code",
    "peer_rank",
    "distance",
    "reasons",
    "source",
]

# Distances equal to this many decimal places count as tied (then broken by peer code).
_TIE_DECIMALS = 12
_MAX_REASONS = 3


@dataclass(frozen=True)
class VariableSpec:
    """One context variable: its column ``name``, the ``family`` it is summed within, its weight.

    ``label`` is the wording used in ``reasons`` (defaults to ``name``).
    """

    name: str
    family: str
    weight: float = 1.0
    label: str | None = None

    @property
    def text(self) -> str:
        return self.label or self.name


def standardised_values(frame: pd.DataFrame, variables: Sequence[VariableSpec]) -> pd.DataFrame:
    """z-scores of each variable (population sd, ddof=0), missing values filled with the median.

    A missing value is replaced by the variable's median before standardising, as DfE's similar
    schools model does, so it neither attracts nor repels peers much. A variable with no spread
    (sd 0) or no values at all standardises to 0 everywhere and so separates no one.
    """
    _check_variables(frame, variables)
    columns = {}
    for spec in variables:
        x = pd.to_numeric(frame[spec.name], errors="raise").astype(float)
        x = x.fillna(x.median()) if x.notna().any() else x.fillna(0.0)
        sd = x.std(ddof=0)
        columns[spec.name] = (x - x.mean()) / sd if sd > 0 else x * 0.0
    return pd.DataFrame(columns, index=frame.index)


def _raw_distances(z: pd.DataFrame, variables: Sequence[VariableSpec]) -> np.ndarray:
    """Sum over families of the weighted Euclidean distance within each family (not rebased)."""
    n = len(z)
    total = np.zeros((n, n))
    for family in dict.fromkeys(spec.family for spec in variables):
        squared = np.zeros((n, n))
        for spec in variables:
            if spec.family != family:
                continue
            col = z[spec.name].to_numpy()
            squared += spec.weight * (col[:, None] - col[None, :]) ** 2
        total += np.sqrt(squared)
    return total


def distance_matrix(
    frame: pd.DataFrame, id_column: str, variables: Sequence[VariableSpec]
) -> pd.DataFrame:
    """Symmetric matrix of rebased distances (farthest pair = 1, diagonal 0), indexed by id.

    If every organisation is identical on every variable, all distances are 0.
    """
    ids = _check_ids(frame, id_column)
    rebased = _rebased(standardised_values(frame, variables), variables)
    return pd.DataFrame(rebased, index=pd.Index(ids, name=id_column), columns=ids)


def _rebased(z: pd.DataFrame, variables: Sequence[VariableSpec]) -> np.ndarray:
    raw = _raw_distances(z, variables)
    largest = raw.max() if raw.size else 0.0
    return raw / largest if largest > 0 else raw


def nearest_neighbours(
    frame: pd.DataFrame, id_column: str, variables: Sequence[VariableSpec], k: int = 15
) -> pd.DataFrame:
    """The k nearest peers of each organisation (CIPFA publishes 15).

    Returns one row per (organisation, peer) with columns ``organisation_code``, ``peer_code``,
    ``peer_rank`` (1 = nearest), ``distance`` (rebased, 0..1), ``reasons`` and ``k_used``.
    ``k_used`` is ``min(k, population - 1)``: asking for more peers than exist is capped, not an
    error. Equal distances are ordered by peer code so the lists are deterministic. ``reasons``
    names the (up to 3) variables with the smallest absolute standardised difference, e.g.
    "population density (0.05 sd apart); % aged 65+ (0.12 sd apart)". Missing variable values are
    filled with the variable's median (see ``standardised_values``).
    """
    if k < 1:
        raise ValueError(f"k (number of peers) must be at least 1; got {k}")
    ids = _check_ids(frame, id_column)
    z = standardised_values(frame, variables)
    distances = _rebased(z, variables)
    k_used = min(k, len(ids) - 1)
    reason_specs = [spec for spec in variables if spec.weight > 0]
    z_values = z[[spec.name for spec in reason_specs]].to_numpy()

    rows = []
    for i, code in enumerate(ids):
        candidates = [j for j in range(len(ids)) if j != i]
        candidates.sort(key=lambda j: (round(distances[i, j], _TIE_DECIMALS), ids[j]))
        for rank, j in enumerate(candidates[:k_used], start=1):
            gaps = np.abs(z_values[i] - z_values[j])
            rows.append(
                {
                    "organisation_code": code,
                    "peer_code": ids[j],
                    "peer_rank": rank,
                    "distance": float(distances[i, j]),
                    "reasons": _reasons(reason_specs, gaps),
                    "k_used": k_used,
                }
            )
    columns = ["organisation_code", "peer_code", "peer_rank", "distance", "reasons", "k_used"]
    result = pd.DataFrame(rows, columns=columns)
    return result.sort_values(["organisation_code", "peer_rank"], ignore_index=True)


def _reasons(specs: Sequence[VariableSpec], gaps: np.ndarray) -> str:
    order = sorted(range(len(specs)), key=lambda v: (round(gaps[v], _TIE_DECIMALS), v))
    return "; ".join(f"{specs[v].text} ({gaps[v]:.2f} sd apart)" for v in order[:_MAX_REASONS])


def _check_ids(frame: pd.DataFrame, id_column: str) -> list:
    if id_column not in frame.columns:
        raise KeyError(f"id column {id_column!r} not found; columns are {list(frame.columns)}")
    ids = frame[id_column]
    if ids.isna().any():
        raise ValueError(f"id column {id_column!r} has missing values in rows {_rows(ids.isna())}")
    if ids.duplicated().any():
        dupes = sorted(ids[ids.duplicated()].astype(str).unique())
        raise ValueError(f"id column {id_column!r} has duplicate ids: {dupes}")
    return ids.tolist()


def _check_variables(frame: pd.DataFrame, variables: Sequence[VariableSpec]) -> None:
    if not variables:
        raise ValueError("at least one context variable is needed to find peers")
    names = [spec.name for spec in variables]
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise KeyError(f"context variables {missing} not found; columns are {list(frame.columns)}")
    if len(set(names)) != len(names):
        raise ValueError(f"context variables listed twice: {names}")
    negative = [spec.name for spec in variables if not spec.weight >= 0]
    if negative:
        raise ValueError(f"weights must be >= 0; check variables {negative}")


def _rows(mask: pd.Series) -> list:
    return mask[mask].index.tolist()[:10]
