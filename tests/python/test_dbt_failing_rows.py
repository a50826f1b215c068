"""A failed dbt test's first rows and the source rows behind them (orchestration/transform/
failing_rows.py), and the one line a failed dbt build ends with (build_outcome.py).

The compiled queries are dbt 1.11's own for its generic tests (not_null, unique, accepted_values,
relationships) and the project's unique_combination_of_columns, as dbt writes them under
target/compiled, run against a small table shaped like a staging model with lineage columns.
"""

from __future__ import annotations

import duckdb
import pytest

from orchestration.transform.build_outcome import build_failure_description
from orchestration.transform.failing_rows import SourceRow, failing_rows

MODEL = '"staging"."stg_iod_crime"'
WORKBOOK = "geography/imd2019/raw/File_10_IoD2019_LAD_Summaries_LowerTier.xlsx"


@pytest.fixture
def con():
    con = duckdb.connect()
    con.execute("create schema staging")
    con.execute(
        f"""
        create table {MODEL} as
        select * from (values
            ('E06000001', 'Hartlepool', 'A', '{WORKBOOK}', 'Crime', 2),
            ('E06000001', 'Middlesbrough', 'A', '{WORKBOOK}', 'Crime', 3),
            ('E06000003', null, 'Z', '{WORKBOOK}', 'Crime', 4),
            ('E06000004', 'Stockton-on-Tees', 'B', '{WORKBOOK}', 'Crime', 5)
        ) as t(lad19_code, lad19_name, cluster, source_file, source_sheet, source_row_number)
        """
    )
    con.execute("create table staging.districts as select 'E06000001' as lad19_code")
    return con


def crime_rows(*numbers: int) -> list[SourceRow]:
    return [SourceRow(WORKBOOK, "Crime", number) for number in numbers]


def test_unique_traces_the_duplicated_value_to_both_source_rows(con):
    compiled = f"""
select
    lad19_code as unique_field,
    count(*) as n_records

from {MODEL}
where lad19_code is not null
group by lad19_code
having count(*) > 1
"""
    found = failing_rows(con, compiled, MODEL, "lad19_code")

    assert found.columns == ["unique_field", "n_records"]
    assert found.rows == [{"unique_field": "E06000001", "n_records": 2}]
    assert found.sources == crime_rows(2, 3)


def test_not_null_traces_the_null_to_its_row(con):
    compiled = f"select lad19_name\nfrom {MODEL}\nwhere lad19_name is null\n"

    found = failing_rows(con, compiled, MODEL, "lad19_name")

    assert found.rows == [{"lad19_name": None}]
    assert found.sources == crime_rows(4)


def test_accepted_values_traces_the_unexpected_value(con):
    compiled = f"""
with all_values as (
    select
        cluster as value_field,
        count(*) as n_records
    from {MODEL}
    group by cluster
)
select *
from all_values
where value_field not in (
    'A','B','C'
)
"""
    found = failing_rows(con, compiled, MODEL, "cluster")

    assert found.rows == [{"value_field": "Z", "n_records": 1}]
    assert found.sources == crime_rows(4)


def test_relationships_traces_the_orphan_keys(con):
    compiled = f"""
with child as (
    select lad19_code as from_field
    from {MODEL}
    where lad19_code is not null
),

parent as (
    select lad19_code as to_field
    from "staging"."districts"
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null
"""
    found = failing_rows(con, compiled, MODEL, "lad19_code")

    assert sorted(row["from_field"] for row in found.rows) == ["E06000003", "E06000004"]
    assert found.sources == crime_rows(4, 5)


def test_a_key_of_several_columns_traces_on_all_of_them(con):
    compiled = f"""
select
    lad19_code, cluster,
    count(*) as rows_with_this_key
from {MODEL}
group by lad19_code, cluster
having count(*) > 1
"""
    found = failing_rows(con, compiled, MODEL, None)

    assert found.sources == crime_rows(2, 3)


def test_rows_that_carry_lineage_name_their_source_themselves(con):
    # a singular test that returns the lineage columns (as the A&E reconciliation does)
    compiled = f"""select lad19_code, 'differs' as problem, source_file, source_row_number
from {MODEL} where source_row_number = 5
-- a trailing comment must not swallow the wrapping query's closing parenthesis"""

    found = failing_rows(con, compiled)

    assert found.rows[0]["problem"] == "differs"
    assert found.sources == [SourceRow(WORKBOOK, None, 5)]


def test_a_singular_test_without_lineage_has_rows_and_no_source(con):
    compiled = f"select lad19_code, 'too many' as problem from {MODEL} where cluster = 'A'"

    found = failing_rows(con, compiled, limit=1)

    assert found.rows == [{"lad19_code": "E06000001", "problem": "too many"}]
    assert found.sources == []


def test_a_model_without_lineage_columns_gives_no_source(con):
    compiled = 'select lad19_code from "staging"."districts" where lad19_code is not null'

    found = failing_rows(con, compiled, '"staging"."districts"', "lad19_code")

    assert found.rows == [{"lad19_code": "E06000001"}] and found.sources == []


MANIFEST = {
    "nodes": {
        "test.frontline.unique_x.1a": {"name": "unique_x"},
        "test.frontline.assert_y": {"name": "assert_y"},
        "model.frontline.stg_z": {"name": "stg_z"},
    }
}


def test_a_failed_build_names_errors_counts_failures_and_skips():
    results = [
        {"unique_id": "test.frontline.unique_x.1a", "status": "fail"},
        {"unique_id": "test.frontline.assert_y", "status": "fail"},
        {
            "unique_id": "model.frontline.stg_z",
            "status": "error",
            "message": "Runtime Error in model stg_z (models/stg_z.sql)\n  Binder Error: "
            'Referenced column "lad_code" not found',
        },
        {"unique_id": "model.frontline.a", "status": "skipped"},
        {"unique_id": "model.frontline.b", "status": "skipped"},
        {"unique_id": "model.frontline.c", "status": "success"},
    ]

    line = build_failure_description(
        results, MANIFEST, {"test.frontline.unique_x.1a", "test.frontline.assert_y"}
    )

    assert line == (
        "dbt build failed: model stg_z errored: Runtime Error in model stg_z (models/stg_z.sql) "
        'Binder Error: Referenced column "lad_code" not found; 2 tests failed; '
        "2 downstream nodes skipped"
    )


def test_a_failed_test_that_is_not_a_check_is_named():
    results = [
        {"unique_id": "test.frontline.unique_x.1a", "status": "fail"},
        {"unique_id": "test.frontline.assert_y", "status": "fail"},
    ]

    line = build_failure_description(results, MANIFEST, {"test.frontline.unique_x.1a"})

    assert line == (
        "dbt build failed: 2 tests failed (assert_y: not a Dagster check, see the dbt log)"
    )
