"""The dbt asset's handling of dbt's output (orchestration/transform/assets.py): node counts for
the console as dbt streams its events, and a failed test's check result carrying its first
failing rows and the source rows behind them, read from the working database after dbt exits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import dagster as dg
import duckdb

from orchestration.run_progress import RunProgress, listening_to_dbt_nodes
from orchestration.transform.assets import (
    _streamed_with_progress,
    _with_results_metadata,
    dbt_manifest,
)

WORKBOOK = "geography/imd2019/raw/File_10_IoD2019_LAD_Summaries_LowerTier.xlsx"


@dataclass
class RawEvent:
    name: str
    data: dict[str, Any]
    dagster_events: list[Any] = field(default_factory=list)

    @property
    def raw_event(self) -> dict[str, Any]:
        return {"info": {"name": self.name}, "data": self.data}

    def to_default_asset_events(self, **_: Any) -> list[Any]:
        return self.dagster_events


@dataclass
class Invocation:
    events: list[RawEvent]
    manifest: dict[str, Any] = field(default_factory=dict)
    dagster_dbt_translator: Any = None
    context: Any = None
    target_path: Any = None
    project: Any = None

    def stream_raw_events(self):
        yield from self.events


def test_streamed_events_report_finished_nodes_and_failures():
    output = dg.Output(None, output_name="a")
    invocation = Invocation(
        [
            RawEvent("MainReportVersion", {}),
            RawEvent("LogStartLine", {"index": 1, "total": 3}),  # started, not finished
            RawEvent("LogModelResult", {"index": 1, "total": 3, "status": "success"}, [output]),
            # as dbt 1.11 writes it: a test's result names the total num_models
            RawEvent("LogTestResult", {"index": 2, "num_models": 3, "status": "fail"}),
            RawEvent("SkippingDetails", {"index": 3, "total": 3}),
        ]
    )
    lines: list[str] = []
    progress = RunProgress(lines.append, clock=lambda: 0.0, repeat_after_s=0)
    progress.step_started("frontline_dbt_assets")

    with listening_to_dbt_nodes(progress):
        events = list(_streamed_with_progress(invocation))

    assert events == [output]
    assert lines == [
        "[     0s] dbt build",
        "[     0s] dbt build: 1/3 nodes",
        "[     0s] dbt build: 2/3 nodes, 1 failed",
        "[     0s] dbt build: 3/3 nodes, 1 failed; recording the results",
    ]


def test_a_failed_generic_test_gets_its_rows_and_their_source_rows(tmp_path):
    (unique_id,) = [
        uid
        for uid, node in dbt_manifest()["nodes"].items()
        if node["name"] == "unique_stg_mhclg__iod2019_lad_crime_lad19_code"
    ]
    database = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema staging")
        con.execute(
            f"""create table staging.stg_mhclg__iod2019_lad_crime as
            select * from (values ('E06000001', '{WORKBOOK}', 'Crime', 2),
                                  ('E06000001', '{WORKBOOK}', 'Crime', 3),
                                  ('E06000003', '{WORKBOOK}', 'Crime', 4))
                as t(lad19_code, source_file, source_sheet, source_row_number)"""
        )
    compiled = """
select
    lad19_code as unique_field,
    count(*) as n_records

from "warehouse"."staging"."stg_mhclg__iod2019_lad_crime"
where lad19_code is not null
group by lad19_code
having count(*) > 1
"""
    failed = dg.AssetCheckResult(
        passed=False,
        asset_key=dg.AssetKey(["staging", "stg_mhclg__iod2019_lad_crime"]),
        check_name="unique_stg_mhclg__iod2019_lad_crime_lad19_code",
        metadata={"unique_id": unique_id, "dagster_dbt/failed_row_count": 1},
    )

    (result,) = _with_results_metadata([failed], str(database), {unique_id: compiled})

    assert result.metadata["dagster_dbt/failed_row_count"].value == 1
    assert result.metadata["sample_failing_rows"].value == (
        "| unique_field | n_records |\n|---|---|\n| E06000001 | 2 |"
    )
    assert result.metadata["source_rows"].value == [
        {"file": WORKBOOK, "sheet": "Crime", "row": 2},
        {"file": WORKBOOK, "sheet": "Crime", "row": 3},
    ]
