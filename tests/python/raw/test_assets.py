from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.raw.assets import STREET_PARTITIONS, raw_assets
from orchestration.raw.catalog import SOURCES
from orchestration.resources import WarehouseResource

from .conftest import DEFAULT_DATA_DIR

STREET_KEY = dg.AssetKey(["raw", "police_uk_street_crime"])


@pytest.fixture
def warehouse(tmp_path: Path) -> WarehouseResource:
    return WarehouseResource(
        database_path=str(tmp_path / "warehouse.duckdb"), data_dir=str(DEFAULT_DATA_DIR)
    )


def by_key(key: dg.AssetKey) -> dg.AssetsDefinition:
    return next(a for a in raw_assets if a.key == key)


def metadata_by_asset(result: dg.ExecuteInProcessResult) -> dict[str, dict]:
    events = [e.materialization for e in result.get_asset_materialization_events()]
    return {m.asset_key.path[-1]: m.metadata for m in events}


def test_one_asset_per_source_with_catalog_metadata(warehouse: WarehouseResource) -> None:
    assert [a.key for a in raw_assets] == [dg.AssetKey(["raw", s.name]) for s in SOURCES]
    spec = next(iter(by_key(dg.AssetKey(["raw", "mysociety_uk_local_authorities"])).specs))
    assert spec.group_name == "raw"
    assert spec.owners == ["team:data-engineering"]
    assert spec.kinds == {"python", "duckdb"}
    assert "CC BY 4.0" in (spec.description or "")
    assert by_key(STREET_KEY).partitions_def == STREET_PARTITIONS
    defs = dg.Definitions(assets=raw_assets, resources={"warehouse": warehouse})
    defs.resolve_asset_graph()


def test_unpartitioned_assets_materialise_into_a_tmp_database(
    warehouse: WarehouseResource,
) -> None:
    assets = [a for a in raw_assets if a.key != STREET_KEY]
    result = dg.materialize(assets, resources={"warehouse": warehouse})
    assert result.success
    events = metadata_by_asset(result)
    workforce = events["ho_police_workforce"]
    assert workforce["dagster/row_count"].value == 29304
    assert workforce["files_landed"].value == 1
    assert "open-data-table" in str(workforce["sha256"].value)
    assert "as_at_31_march" in workforce["preview"].value
    assert events["ons_pfa_p1_recorded_crime"]["rows_landed"].value == 448

    again = dg.materialize(assets, resources={"warehouse": warehouse})
    metadata = metadata_by_asset(again)["ons_pfa_p1_recorded_crime"]
    assert metadata["files_skipped"].value == 8 and metadata["files_landed"].value == 0
    assert metadata["dagster/row_count"].value == 448


def test_street_months_load_as_a_range_then_one_new_month(warehouse: WarehouseResource) -> None:
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions("police_uk_month", ["2017-01", "2017-02", "2017-03"])
    street = [by_key(STREET_KEY)]
    first = dg.materialize(
        street,
        instance=instance,
        resources={"warehouse": warehouse},
        tags={
            "dagster/asset_partition_range_start": "2017-01",
            "dagster/asset_partition_range_end": "2017-02",
        },
    )
    assert first.success
    with duckdb.connect(warehouse.database_path) as con:
        before = con.execute(
            "select _partition_month, count(*), max(_loaded_at)"
            " from raw.police_uk_street_crime group by 1 order by 1"
        ).fetchall()
    assert [row[0] for row in before] == ["2017-01", "2017-02"]

    second = dg.materialize(
        street, instance=instance, resources={"warehouse": warehouse}, partition_key="2017-03"
    )
    assert second.success
    with duckdb.connect(warehouse.database_path) as con:
        after = con.execute(
            "select _partition_month, count(*), max(_loaded_at)"
            " from raw.police_uk_street_crime group by 1 order by 1"
        ).fetchall()
    assert after[:2] == before  # earlier months untouched, same loaded_at
    march = DEFAULT_DATA_DIR / "police" / "police_uk_street" / "2017-03-city-of-london-street.csv"
    march_rows = len(march.read_text().splitlines()) - 1
    assert after[2][:2] == ("2017-03", march_rows)
