"""Synthetic prison ratings and proven reoffending through the whole pipeline: the justice
values are built from them, the release is labelled synthetic and is never the default one."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.publish import latest_release
from orchestration.synthetic.justice_performance import generate

from .conftest import copy_data, copy_home, published_state, run_release

SEED = 20240725
JUSTICE = [
    "justice_prison_rating_computed",
    "justice_prison_rating_published",
    "justice_proven_reoffending_frequency",
    "justice_proven_reoffending_predicted_rate",
    "justice_proven_reoffending_rate",
    "justice_proven_reoffending_rate_vs_predicted",
]


def _query(db: Path, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def _release_folder(result) -> Path:
    [event] = [
        e
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
        and e.asset_key.path == ["publish", "release"]
    ]
    metadata = event.event_specific_data.materialization.metadata
    return Path(metadata["release_folder"].value)


def test_the_default_release_has_no_justice_values(published):
    values = _query(
        published.published_db,
        "select count(*) as n from marts.fct_indicator_value where indicator_code like 'justice%'",
    )
    assert values["n"].iloc[0] == 0  # no ratings or reoffending file ships


def test_synthetic_justice_tables_give_a_labelled_release_never_the_default(published, tmp_path):
    data = copy_data(tmp_path)
    files = generate(data / "justice", seed=SEED, data_dir=data)
    paths = copy_home(published, tmp_path, data_dir=data)
    before = published_state(paths)
    default_id = latest_release(paths)["release_id"]

    result = run_release(paths)

    assert result.success
    folder = _release_folder(result)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["synthetic"] is True and manifest["published_as_latest"] is False
    # each workbook feeds two raw tables (two sheets), so the manifest names it twice
    assert sorted(set(manifest["synthetic_sources"])) == sorted(
        f"data/{path.relative_to(data).as_posix()}" for path in files
    )
    new = f"releases/{folder.name}/"
    assert {k: v for k, v in published_state(paths).items() if not k.startswith(new)} == before
    assert latest_release(paths)["release_id"] == default_id

    db = folder / "frontline.duckdb"
    values = _query(
        db,
        "select indicator_code, count(*) as n, count(value) as given"
        " from marts.fct_indicator_value where indicator_code like 'justice%' group by 1",
    ).set_index("indicator_code")
    assert sorted(values.index) == JUSTICE
    assert (values["given"] > 0).all()
    rate = _query(
        db,
        "select numerator, denominator, value from marts.fct_indicator_value"
        " where indicator_code = 'justice_proven_reoffending_rate' and value is not null",
    )
    assert rate["value"].to_numpy() == pytest.approx(
        (rate["numerator"] / rate["denominator"]).to_numpy()
    )
    unmatched = _query(
        paths.working_db, "select * from intermediate.int_justice__unmatched_published_rows"
    )
    assert unmatched.empty  # every generated name matches a NOMIS code or NPS division
