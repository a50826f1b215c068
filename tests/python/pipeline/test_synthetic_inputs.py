"""Synthetic inputs through the whole pipeline, in one run: generated NHS trust-level cost
schedules (the cost index) and generated prison ratings and proven reoffending tables (the justice
values). The values are built from them, the release is labelled synthetic and is never the
default one, and removing the generated files brings back an ordinary release."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from orchestration.publish import latest_release

from .conftest import NCC_TRUSTS, published_state

CODES = {"Organisation Code": str, "Service Code": str, "Currency Code": str}
JUSTICE = [
    "justice_prison_rating_computed",
    "justice_prison_rating_published",
    "justice_proven_reoffending_frequency",
    "justice_proven_reoffending_predicted_rate",
    "justice_proven_reoffending_rate",
    "justice_proven_reoffending_rate_vs_predicted",
]


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


def test_the_synthetic_release_is_labelled_and_never_the_default(synthetic):
    assert synthetic.result.success
    release = _release(synthetic.result)
    folder = Path(release["release_folder"])
    manifest = json.loads((folder / "manifest.json").read_text())
    data = synthetic.data
    expected_files = sorted(
        f"data/{path.relative_to(data).as_posix()}"
        for path in [*synthetic.cost_files, *synthetic.justice_files]
    )
    assert manifest["synthetic"] is True
    # each justice workbook feeds two raw tables (two sheets), so the manifest names it twice
    assert sorted(set(manifest["synthetic_sources"])) == expected_files
    assert manifest["published_as_latest"] is False
    assert release["synthetic"] is True

    # latest, latest.json, the published database and older releases: byte for byte as before
    paths = synthetic.paths
    new = f"releases/{folder.name}/"
    state = {k: v for k, v in published_state(paths).items() if not k.startswith(new)}
    assert state == synthetic.before
    assert latest_release(paths)["release_id"] == synthetic.default_id
    published_flag = _query(paths.published_db, "select synthetic from main.release")
    release_flag = _query(folder / "frontline.duckdb", "select synthetic from main.release")
    assert published_flag["synthetic"].tolist() == [False]
    assert release_flag["synthetic"].tolist() == [True]


def test_synthetic_trust_schedules_give_the_cost_index_pandas_computes(synthetic):
    files = synthetic.cost_files
    db = Path(_release(synthetic.result)["release_folder"]) / "frontline.duckdb"
    index = _query(
        db,
        "select organisation_code, actual_cost, expected_cost, cost_index, is_synthetic,"
        " period_key from marts.rpt_nhs_cost_index",
    ).set_index("organisation_code")
    expected = _index_by_pandas(files)
    assert sorted(index.index) == sorted(expected.index)
    assert len(index) == NCC_TRUSTS
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
        synthetic.paths.working_db,
        "select source_file, synthetic from raw._load_log"
        " where raw_table = 'nhse_ncc_trust_schedules' order by source_file",
    )
    data = synthetic.data
    assert ["data/" + f for f in logged["source_file"]] == sorted(
        f"data/{path.relative_to(data).as_posix()}" for path in files
    )
    assert logged["synthetic"].all()


def test_the_default_release_has_no_justice_values(published):
    values = _query(
        published.published_db,
        "select count(*) as n from marts.fct_indicator_value where indicator_code like 'justice%'",
    )
    assert values["n"].iloc[0] == 0  # no ratings or reoffending file ships


def test_synthetic_justice_tables_give_justice_values(synthetic):
    db = Path(_release(synthetic.result)["release_folder"]) / "frontline.duckdb"
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
        synthetic.paths.working_db,
        "select * from core.int_justice__unmatched_published_rows",
    )
    assert unmatched.empty  # every generated name matches a NOMIS code or NPS division


def test_removing_the_synthetic_files_brings_back_an_ordinary_release(rerun):
    # the re-run's home is the synthetic run's, its data the shipped files alone
    assert rerun.result.success, rerun.result.output
    latest = latest_release(rerun.paths)
    assert latest["synthetic"] is False
    # the command's closing lines name the release, the database and the website it published
    site = rerun.paths.home.resolve() / "releases" / "latest" / "site" / "index.html"
    assert f"  website:            {site}  (open in a browser, from disk)" in rerun.result.output
    assert site.is_file()
    manifest = json.loads((rerun.paths.releases_dir / latest["manifest"]).read_text())
    assert (manifest["synthetic"], manifest["synthetic_sources"]) == (False, [])
    assert len(_query(rerun.paths.published_db, "select * from marts.rpt_nhs_cost_index")) == 0
    logged = _query(
        rerun.paths.working_db, "select count(*) as n from raw._load_log where synthetic"
    )
    assert logged["n"].iloc[0] == 0  # the generated files were forgotten
