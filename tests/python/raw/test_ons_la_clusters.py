from __future__ import annotations

from orchestration.raw.catalog import SOURCES_BY_NAME
from orchestration.raw.parsers import ons_la_cluster_descriptions

from .conftest import DEFAULT_DATA_DIR

GEOGRAPHY = DEFAULT_DATA_DIR / "geography"


def test_nearest_neighbours_read_by_hand() -> None:
    source = SOURCES_BY_NAME["ons_la_nearest_neighbours_global"]
    parsed = source.parser(GEOGRAPHY / "ons_la_nearest_neighbours_global.csv")
    assert parsed.rejects.empty and len(parsed.rows) == 397  # lines 2..398
    assert list(parsed.rows.columns)[:3] == ["areacd", "1", "2"]  # BOM stripped from AREACD
    rows = parsed.rows.set_index("_row_number")
    # line 2: Hartlepool E06000001, rank 1 E08000018, rank 20 E06000021
    assert list(rows.loc[2, ["areacd", "1", "20"]]) == ["E06000001", "E08000018", "E06000021"]
    # line 384: combined authority E47000001 has 5 neighbours, then empty cells
    assert list(rows.loc[384, ["areacd", "1", "5", "6", "20"]]) == [
        "E47000001",
        "E47000003",
        "E47000002",
        "",
        "",
    ]


def test_cluster_allocation_read_by_hand() -> None:
    parsed = SOURCES_BY_NAME["ons_la_clusters_allocation"].parser(
        GEOGRAPHY / "ons_la_clusters_allocation.csv"
    )
    assert parsed.rejects.empty and len(parsed.rows) == 361
    rows = parsed.rows.set_index("_row_number")
    # line 2: E06000001,Hartlepool,B,A,C
    assert list(rows.loc[2]) == ["E06000001", "Hartlepool", "B", "A", "C"]
    # line 51: Isles of Scilly, no global or economic cluster ('[x]')
    assert list(rows.loc[51]) == ["E06000053", "Isles of Scilly", "[x]", "[x]", "C"]


def test_cluster_descriptions_land_as_rows() -> None:
    parsed = ons_la_cluster_descriptions.parse(GEOGRAPHY / "ons_la_cluster_descriptions.json")
    assert parsed.sheet is None and parsed.rejects.empty
    rows = parsed.rows
    assert len(rows) == 12  # 3 cluster types x clusters a-d
    first = rows.iloc[0]
    # line 3: "a": "Local authorities in this cluster have a high dependency ratio, ..."
    assert (first["cluster_type"], first["cluster_code"], first["_row_number"]) == (
        "global",
        "a",
        3,
    )
    assert first["description"].startswith(
        "Local authorities in this cluster have a high dependency"
    )
    assert rows["cluster_type"].tolist() == ["global"] * 4 + ["economic"] * 4 + ["demographic"] * 4


def test_a_malformed_cluster_json_is_a_shape_error(tmp_path) -> None:
    import pytest

    from orchestration.raw.landing.shape import ShapeError

    broken = tmp_path / "ons_la_cluster_descriptions.json"
    broken.write_text('{"global": ["a list, not an object"]}', encoding="utf-8")
    with pytest.raises(ShapeError, match="ons_la_cluster_descriptions.json"):
        ons_la_cluster_descriptions.parse(broken)
