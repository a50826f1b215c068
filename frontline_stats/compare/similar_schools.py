"""DfE similar schools (Financial Benchmarking and Insights Tool), as in docs/methods/education.md.

Within each phase:

1. A missing characteristic is filled with the phase median (the school then neither attracts
   nor repels peers much on it); the fill is named in the reasons.
2. d_ij = sqrt(sum_k w_k * (|x_ik - x_jk| / range_k)^2), range_k = max - min of characteristic k
   in the phase (after filling). A characteristic with no spread separates no one. With weights
   summing to 1 the distance lies in [0, 1].
3. Take the `candidates` (60) nearest schools; prefer those in the same region; keep `keep`
   (30). Peers are ranked by distance (ties broken by code).
4. A phase with fewer than `keep` other schools gives every other school, and says so.

Lists are not reciprocal: j can be among i's similar schools without i being among j's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

_TIE_DECIMALS = 12  # distances equal to this many decimals count as tied (then by code)
COLUMNS = [
    "phase",
    "organisation_code",
    "peer_code",
    "peer_rank",
    "distance",
    "same_region",
    "reasons",
]


@dataclass(frozen=True)
class Characteristic:
    """One school characteristic: its column, weight and how reasons print it."""

    name: str
    weight: float
    label: str
    unit: str = ""  # '%' for percentages
    decimals: int = 0

    def show(self, value: float) -> str:
        return f"{value:.{self.decimals}f}{self.unit}"


# DfE FBIT weights: pupils 0.5, % free school meals 0.4, % special educational needs 0.1.
DFE_CHARACTERISTICS = (
    Characteristic("pupils", 0.5, "pupils"),
    Characteristic("fsm_pct", 0.4, "FSM", "%", 1),
    Characteristic("sen_pct", 0.1, "SEN", "%", 1),
)
CANDIDATES = 60
KEEP = 30


def similar_schools(
    schools: pd.DataFrame,
    characteristics: Sequence[Characteristic] = DFE_CHARACTERISTICS,
    candidates: int = CANDIDATES,
    keep: int = KEEP,
    region_note: str = "",
) -> pd.DataFrame:
    """Similar schools for every school in ``schools``.

    ``schools`` has columns organisation_code, phase, region (may be null) and one column per
    characteristic. Returns one row per (school, peer): phase, organisation_code, peer_code,
    peer_rank (1 = most similar), distance, same_region, reasons. ``region_note`` is added to the
    reasons of same-region peers (e.g. that every school shipped is in one region).
    """
    if keep > candidates:
        raise ValueError(f"keep ({keep}) must not exceed candidates ({candidates})")
    missing = [c for c in ("organisation_code", "phase", "region") if c not in schools.columns]
    missing += [c.name for c in characteristics if c.name not in schools.columns]
    if missing:
        raise ValueError(f"similar_schools: missing columns {missing}")
    if schools["organisation_code"].duplicated().any():
        raise ValueError("similar_schools: an organisation_code appears twice")

    frames = [
        _phase_peers(group, characteristics, candidates, keep, region_note)
        for _, group in schools.groupby("phase", sort=True)
    ]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    return pd.concat(frames, ignore_index=True)[COLUMNS]


def filled_values(
    group: pd.DataFrame, characteristics: Sequence[Characteristic]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values with missing filled by the phase median, mask of filled cells, medians)."""
    raw = np.column_stack(
        [pd.to_numeric(group[c.name], errors="raise").astype(float) for c in characteristics]
    )
    filled = np.isnan(raw)
    medians = np.array([np.nanmedian(col) if (~np.isnan(col)).any() else 0.0 for col in raw.T])
    return np.where(filled, medians[None, :], raw), filled, medians


def distances(values: np.ndarray, weights: Sequence[float]) -> np.ndarray:
    """d_ij = sqrt(sum_k w_k (|x_ik - x_jk| / range_k)^2); a zero range contributes 0."""
    ranges = values.max(axis=0) - values.min(axis=0)
    squared = np.zeros((len(values), len(values)))
    for k, weight in enumerate(weights):
        if ranges[k] > 0:
            scaled = values[:, k] / ranges[k]
            squared += weight * (scaled[:, None] - scaled[None, :]) ** 2
    return np.sqrt(squared)


def _phase_peers(
    group: pd.DataFrame,
    characteristics: Sequence[Characteristic],
    candidates: int,
    keep: int,
    region_note: str,
) -> pd.DataFrame:
    group = group.sort_values("organisation_code").reset_index(drop=True)
    codes = group["organisation_code"].astype(str).to_numpy()
    regions = group["region"].to_numpy()
    values, filled, medians = filled_values(group, characteristics)
    matrix = np.round(distances(values, [c.weight for c in characteristics]), _TIE_DECIMALS)
    others = len(group) - 1
    fewer = (
        f"fewer than {keep} peers: only {others} other school(s) in phase {group['phase'].iat[0]}"
        if others < keep
        else ""
    )

    rows = []
    for i in range(len(group)):
        nearest = sorted(
            (j for j in range(len(group)) if j != i), key=lambda j: (matrix[i, j], codes[j])
        )
        order = nearest[:candidates]
        same = [j for j in order if _same_region(regions[i], regions[j])]
        chosen = (same + [j for j in order if not _same_region(regions[i], regions[j])])[:keep]
        chosen.sort(key=lambda j: (matrix[i, j], codes[j]))
        for rank, j in enumerate(chosen, start=1):
            same_region = _same_region(regions[i], regions[j])
            rows.append(
                (
                    group["phase"].iat[i],
                    codes[i],
                    codes[j],
                    rank,
                    float(matrix[i, j]),
                    same_region,
                    _reasons(
                        characteristics,
                        values,
                        filled,
                        medians,
                        i,
                        j,
                        same_region,
                        regions[i],
                        region_note,
                        fewer,
                    ),
                )
            )
    return pd.DataFrame(rows, columns=COLUMNS)


def _same_region(a: object, b: object) -> bool:
    return bool(pd.notna(a) and pd.notna(b) and a == b)


def _reasons(
    characteristics: Sequence[Characteristic],
    values: np.ndarray,
    filled: np.ndarray,
    medians: np.ndarray,
    i: int,
    j: int,
    same_region: bool,
    region: object,
    region_note: str,
    fewer: str,
) -> str:
    parts = []
    for k, c in enumerate(characteristics):
        text = f"{c.label} {c.show(values[i, k])} vs {c.show(values[j, k])}"
        notes = [who for who, row in (("school", i), ("peer", j)) if filled[row, k]]
        if notes:
            text += f" ({' and '.join(notes)} not given: phase median {c.show(medians[k])})"
        parts.append(text)
    if same_region:
        parts.append(f"same region {region}" + (f" ({region_note})" if region_note else ""))
    else:
        parts.append("other region")
    if fewer:
        parts.append(fewer)
    return "; ".join(parts)
