"""Synthetic trust-level cost schedules through the whole pipeline: the cost index is built from
them, the release is labelled synthetic and is never the default one, and removing them brings
back an ordinary release."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.publish import latest_release
from orchestration.synthetic.ncc_trust_schedules import generate

from .conftest import copy_data, copy_home, published_state, run_release

SEED = 20240331
TRUSTS = 12
CODES = {"Organisation Code": str, "Service Code": str, "Currency Code": str}


def _release(result) -> dict:
    """The publish step's metadata in this run."""
    [event] = [
        e
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
        and e.asset_key.path == ["publish", "release"]
    ]
    return {k: v.value for k, v in event.event_specific_data.materialization.metadata.items()}


def _query(db: Path, sql: str) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def _index_by_pandas(files: list[Path]) -> pd.DataFrame:
    """The NCC index recomputed from the generated CSVs, independently of the pipeline:
    NAC per service and currency = sum cost / sum activity; expected = activity x NAC."""
    costs = pd.concat(pd.read_csv(path, dtype=CODES) for path in files)
    currency = ["Service Code", "Currency Code"]
    totals = costs.groupby(currency)[["Total Cost", "Activity"]].sum()
    nac = (totals["Total Cost"] / totals["Activity"]).rename("nac").reset_index()
    costs = costs.merge(nac, on=currency)
    costs["expected"] = costs["Activity"] * costs["nac"]
    trusts = costs.groupby("Organisation Code")[["Total Cost", "expected"]].sum()
    trusts["index"] = 100 * trusts["Total Cost"] / trusts["expected"]
    return trusts


def test_the_default_release_is_not_synthetic(published):
    latest = latest_release(published)
    manifest = json.loads((published.releases_dir / latest["manifest"]).read_text())
    assert (manifest["synthetic"], manifest["synthetic_sources"]) == (False, [])
    assert latest["synthetic"] is False
    assert not any(source["synthetic"] for source in manifest["sources"])
    db = published.published_db
    assert _query(db, "select synthetic from main.release")["synthetic"].tolist() == [False]
    assert len(_query(db, "select * from marts.rpt_nhs_cost_index")) == 0  # no trust files ship
    spread = _query(db, "select * from marts.rpt_nhs_unit_cost_spread")
    # the real national schedule is published whole; no trust columns without trust files
    assert len(spread) == 11303 and spread["providers"].isna().all()
    hear_and_treat = spread[(spread.service_code == "Ambulance") & (spread.currency_code == "01")]
    # 75,251,062.92 / 1,147,817 (file row 2), published unit cost 65.5602
    assert hear_and_treat["national_schedule_average_unit_cost"].iloc[0] == pytest.approx(
        65.56016, abs=1e-5
    )


def test_synthetic_trust_schedules_give_a_labelled_release_that_is_never_the_default(
    published, tmp_path
):
    data = copy_data(tmp_path)
    files = generate(data, seed=SEED, trusts=TRUSTS)
    paths = copy_home(published, tmp_path, data_dir=data)
    before = published_state(paths)
    default_id = latest_release(paths)["release_id"]

    result = run_release(paths)

    assert result.success
    release = _release(result)
    folder = Path(release["release_folder"])
    manifest = json.loads((folder / "manifest.json").read_text())
    expected_files = sorted(f"data/{path.relative_to(data).as_posix()}" for path in files)
    assert manifest["synthetic"] is True
    assert manifest["synthetic_sources"] == expected_files
    assert manifest["published_as_latest"] is False
    assert release["synthetic"] is True

    # latest, latest.json, the published database and older releases: byte for byte as before
    new = f"releases/{folder.name}/"
    assert {k: v for k, v in published_state(paths).items() if not k.startswith(new)} == before
    assert latest_release(paths)["release_id"] == default_id
    assert _query(paths.published_db, "select synthetic from main.release").iloc[0, 0] == False  # noqa: E712

    # the synthetic release's own database: one index per generated trust, as pandas computes it
    db = folder / "frontline.duckdb"
    assert _query(db, "select synthetic from main.release").iloc[0, 0] == True  # noqa: E712
    index = _query(
        db,
        "select organisation_code, actual_cost, expected_cost, cost_index, is_synthetic,"
        " period_key from marts.rpt_nhs_cost_index",
    ).set_index("organisation_code")
    expected = _index_by_pandas(files)
    assert sorted(index.index) == sorted(expected.index)
    assert len(index) == TRUSTS
    for code, row in expected.iterrows():
        assert index.loc[code, "actual_cost"] == pytest.approx(row["Total Cost"], rel=1e-12)
        assert index.loc[code, "expected_cost"] == pytest.approx(row["expected"], rel=1e-12)
        assert index.loc[code, "cost_index"] == pytest.approx(row["index"], rel=1e-12)
    assert index["is_synthetic"].all() and set(index["period_key"]) == {"FY2023-24"}
    weighted = 100 * index["actual_cost"].sum() / index["expected_cost"].sum()
    assert weighted == pytest.approx(100.0, rel=1e-12)  # the national average is 100

    # the registry carries the same values (numerator actual, denominator expected)
    values = _query(
        db,
        "select organisation_code, numerator, denominator, value, geography_code"
        " from marts.fct_indicator_value where indicator_code = 'nhs_cost_index'",
    ).set_index("organisation_code")
    assert sorted(values.index) == sorted(expected.index)
    assert values["geography_code"].isna().all()
    for code, row in expected.iterrows():
        assert values.loc[code, "value"] == pytest.approx(row["index"], rel=1e-12)
        assert values.loc[code, "denominator"] == pytest.approx(row["expected"], rel=1e-12)

    # the raw load log knows which files were synthetic
    logged = _query(
        paths.working_db,
        "select source_file, synthetic from raw._load_log"
        " where raw_table = 'nhse_ncc_trust_schedules' order by source_file",
    )
    assert ["data/" + f for f in logged["source_file"]] == expected_files
    assert logged["synthetic"].all()

    # with the generated files gone, the next release is an ordinary one and becomes latest
    for path in files:
        path.with_name(path.name + ".synthetic.json").unlink()
        path.unlink()
    again = run_release(paths)
    assert again.success
    ordinary = _release(again)
    assert ordinary["synthetic"] is False
    assert latest_release(paths)["release_id"] == ordinary["release_id"]
    manifest = json.loads((Path(ordinary["release_folder"]) / "manifest.json").read_text())
    assert (manifest["synthetic"], manifest["synthetic_sources"]) == (False, [])
    assert len(_query(paths.published_db, "select * from marts.rpt_nhs_cost_index")) == 0
