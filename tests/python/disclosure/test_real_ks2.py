"""DfE KS2 performance tables for Surrey 2018-19 (real file): school x {meeting RWM, not}.

The table: one row per school with a KS2 cohort (RECTYPE 1 mainstream, 2 special; TELIG not
blank), columns pupils meeting the expected standard in reading, writing and maths
(round half up of PTRWM_EXP% x TELIG) and pupils not meeting it (TELIG - meeting), the row total
TELIG, and the LA's row (RECTYPE 3) as the column totals. DfE's SUPP cells are suppressed.
"""

import math
from pathlib import Path

import pandas as pd
import pytest

from frontline_stats.disclosure.audit import audit_table
from frontline_stats.disclosure.rules import DisclosureRule
from frontline_stats.disclosure.suppression import protect
from frontline_stats.disclosure.table import PUBLISHER, Table, two_way_table
from orchestration.paths import PROJECT_DIR

RELATIVE = Path("education") / "dfe_ks2_performance_tables"
FOLDERS = [Path(PROJECT_DIR) / "data" / RELATIVE, Path("/work/shared/data") / RELATIVE]
FILE = "2018-2019_936_ks2final.csv"  # LA 936 = Surrey


def ks2_folder() -> Path:
    for folder in FOLDERS:
        if (folder / FILE).exists():
            return folder
    pytest.skip(f"{RELATIVE / FILE} is not shipped")


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)


def schools(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["RECTYPE"].isin(["1", "2"]) & (frame["TELIG"] != "")]


def half_up(x: float) -> int:
    return math.floor(x + 0.5)


def derived_threshold(folder: Path) -> int:
    """DfE prints SUPP for every cohort of 5 or fewer and a result for every cohort of 6 or
    more, in every shipped file: the threshold is 6 pupils."""
    supp, shown = [], []
    for path in sorted(folder.glob("*_ks2final.csv")):
        rows = schools(read(path))
        cohorts = rows["TELIG"].astype(int)
        supp += cohorts[rows["PTRWM_EXP"] == "SUPP"].tolist()
        shown += cohorts[rows["PTRWM_EXP"].str.endswith("%")].tolist()
    assert max(supp) < min(shown)
    return max(supp) + 1


def as_published(path: Path) -> tuple[Table, list[str]]:
    frame = read(path)
    rows = schools(frame)
    [la] = frame[frame["RECTYPE"] == "3"].to_dict("records")
    cohort = rows["TELIG"].astype(int).set_axis(rows["URN"])
    percent = pd.to_numeric(rows["PTRWM_EXP"].str.rstrip("%"), errors="coerce")
    meeting = (percent.set_axis(rows["URN"]) / 100 * cohort).map(
        lambda x: half_up(x) if pd.notna(x) else x
    )
    la_cohort = int(la["TELIG"])
    la_meeting = half_up(int(la["PTRWM_EXP"].rstrip("%")) / 100 * la_cohort)
    table = two_way_table(
        f"ks2 {path.stem}",
        pd.DataFrame({"meeting": meeting, "not_meeting": cohort - meeting}),
        row_totals=cohort,
        column_totals={"meeting": la_meeting, "not_meeting": la_cohort - la_meeting},
        grand_total=la_cohort,
    )
    supp = rows.loc[rows["PTRWM_EXP"] == "SUPP", "URN"].tolist()
    for urn in supp:
        for column in ("meeting", "not_meeting"):
            table.suppress((urn, column), PUBLISHER)
    return table, supp


def test_the_threshold_dfe_applies_is_six_pupils():
    assert derived_threshold(ks2_folder()) == 6


def test_the_real_table_passes_the_audit_after_suppression():
    folder = ks2_folder()
    rule = DisclosureRule(threshold=derived_threshold(folder))
    table, supp = as_published(folder / FILE)
    assert len(supp) == 3 and sum(table.cells[(u, "total")].value for u in supp) == 9
    assert table.cells[("total", "total")].value == 12400  # Surrey: 12,400 pupils, 70% RWM
    protect(table, rule)
    assert audit_table(table, rule) == []
    rows = {row for row, _ in table.suppressed()}
    assert "total" not in rows  # the LA's figures stay published
    assert len(rows) == 16  # schools without a published RWM result (DfE: 3)


def test_dfe_as_published_no_supp_cell_is_recoverable_from_the_la_total():
    folder = ks2_folder()
    rule = DisclosureRule(threshold=derived_threshold(folder))
    table, _ = as_published(folder / FILE)
    findings = audit_table(table, rule)
    assert not [f for f in findings if "recoverable" in f.reason]
    # what a cell threshold of 6 finds in DfE's table: DfE's rule is on the cohort, so it
    # prints the cohort of each SUPP school (1, 3 and 5 pupils) and, for schools it
    # publishes, counts of fewer than 6 pupils not meeting the standard (e.g. 93% of 30)
    below = pd.Series([f.column for f in findings if "below the threshold" in f.reason])
    assert below.value_counts().to_dict() == {"not_meeting": 13, "total": 3}
    assert len(findings) == 16
