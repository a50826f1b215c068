"""What an analyst relies on without reading the models, checked on the release of the shipped
data: one vocabulary for organisation and comparison types (a comparison mart joins
dim_organisation on organisation_code, one row per code, and the two agree on the comparison
type), one format for peer-set ids in every table and file, and an ``is_latest_period`` flag
that marks each series' latest period, computed here again with Python's own grouping."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

# <peer_set_type>:<comparison_type>[:<qualifier>]
PEER_SET_ID = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*(:[a-z0-9]+(_[a-z0-9]+)*){1,2}")
# (mart, its organisation column) for every mart with a comparison_type column
COMPARED = [
    ("rpt_indicator_comparison", "organisation_code"),
    ("rpt_mentoring_pairs", "mentee_code"),
    ("rpt_mentoring_pairs", "mentor_code"),
    ("rpt_value_for_money", "organisation_code"),
    ("rpt_vfm_rating", "organisation_code"),
    ("rpt_area_use_of_resources", "organisation_code"),
    ("rpt_education_ks2_school_results", "urn"),
    ("rpt_peer_groups", "organisation_code"),
    ("rpt_peer_groups", "peer_code"),
]
SINGLE_TIER = {
    "Unitary authority",
    "Metropolitan district",
    "London borough",
    "City corporation",
    "Welsh unitary authority",
}
# (mart, the columns the flag is per besides the period type, the unit kind too)
FLAGGED = [
    ("fct_indicator_value", ("indicator_code",), True),
    ("rpt_indicator_comparison", ("indicator_code", "comparison_type"), False),
    ("rpt_mentoring_pairs", ("indicator_code", "comparison_type"), False),
    ("rpt_police_recorded_crime", ("offence_group_code", "area_level"), False),
    ("rpt_police_report_card", (), False),
    ("rpt_police_force_workforce", (), False),
    ("rpt_education_ks2_school_results", (), False),
]


def _columns(con, table: str) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() where schema_name = 'marts' "
            "and table_name = ? order by column_index",
            [table],
        ).fetchall()
    ]


def test_organisation_type_means_one_thing_in_every_table(published_db):
    holding = published_db.execute(
        "select table_name, column_name from duckdb_columns() where schema_name = 'marts' "
        "and column_name in ('organisation_type', 'comparison_type', 'compared_as') order by all"
    ).fetchall()
    tables_with = defaultdict(set)
    for table, column in holding:
        tables_with[column].add(table)
    assert tables_with["organisation_type"] == {"dim_organisation"}
    assert "compared_as" not in tables_with
    assert tables_with["comparison_type"] == {"dim_organisation"} | {t for t, _ in COMPARED}
    types = {
        t
        for (t,) in published_db.execute(
            "select distinct organisation_type from marts.dim_organisation"
        ).fetchall()
    }
    assert {"police_force", "local_authority", "nhs_trust", "school", "prison"} <= types
    assert not types & {"police_force_area", "council_upper_tier", "school_primary"}


@pytest.mark.parametrize(("mart", "column"), COMPARED, ids=lambda v: v)
def test_a_comparison_mart_joins_dim_organisation_and_agrees_on_the_type(
    published_db, mart, column
):
    rows = published_db.execute(
        f"select {column}, comparison_type from marts.{mart} "
        f"where {column} is not null and comparison_type is not null"
    ).fetchall()
    registered = {
        code: (comparison_type, subtype)
        for code, comparison_type, subtype in published_db.execute(
            "select organisation_code, comparison_type, organisation_subtype "
            "from marts.dim_organisation"
        ).fetchall()
    }
    assert (
        len(registered)
        == published_db.execute("select count(*) from marts.dim_organisation").fetchone()[0]
    ), "one dim_organisation row per organisation_code"
    disagreeing, outside = set(), set()
    for code, comparison_type in rows:
        if code not in registered:
            outside.add((code, comparison_type))
            continue
        registered_type, subtype = registered[code]
        if comparison_type == registered_type:
            continue
        # a single-tier council is an upper-tier council and a district: its district sets
        if (mart, comparison_type, registered_type) == (
            "rpt_peer_groups",
            "council_lower_tier",
            "council_upper_tier",
        ) and subtype in SINGLE_TIER:
            continue
        disagreeing.add((code, comparison_type, registered_type))
    assert disagreeing == set()
    if mart == "rpt_peer_groups":
        # ONS's lists name combined authorities and councils beyond England and Wales
        assert {t for _, t in outside} <= {"combined_authority", "council_lower_tier",
                                           "council_upper_tier"}  # fmt: skip
        assert all(
            t == "combined_authority" or not code.startswith(("E", "W")) for code, t in outside
        ), sorted(outside)[:5]
    else:
        assert outside == set()


def test_every_council_compared_has_its_tier_in_dim_organisation(published_db):
    tiers = dict(
        published_db.execute(
            "select organisation_subtype, list(distinct comparison_type) "
            "from marts.dim_organisation where organisation_type = 'local_authority' group by 1"
        ).fetchall()
    )
    assert tiers.pop("County") == ["council_upper_tier"]
    assert tiers.pop("Non-metropolitan district") == ["council_lower_tier"]
    assert set(tiers) == SINGLE_TIER
    assert all(types == ["council_upper_tier"] for types in tiers.values())


def test_one_peer_set_id_format_in_every_table_and_file(published, published_db):
    ids = set()
    for (table,) in published_db.execute(
        "select distinct table_name from duckdb_columns() "
        "where schema_name = 'marts' and column_name = 'peer_set_id'"
    ).fetchall():
        ids |= {
            i
            for (i,) in published_db.execute(
                f"select distinct peer_set_id from marts.{table} where peer_set_id is not null"
            ).fetchall()
        }
    assert {i for i in ids if not PEER_SET_ID.fullmatch(i)} == set()
    assert "user_defined:police_force_area:welsh_forces" in ids
    assert "same_region:police_force_area" in ids
    # in the files written for people and machines (charts, site, EES, metadata, dbt docs),
    # every mention of a peer set is in the same format: none joined by '__'
    types = "|".join(sorted({i.split(":")[0] for i in ids} | {"user"}))
    mention = re.compile(rf"\b(?:{types})(?:__|:)[a-z0-9_:]*[a-z0-9]")
    release = (published.releases_dir / "latest").resolve()
    skipped = {"csv", "parquet"}  # the tables' own rows, checked above
    malformed, files = defaultdict(set), 0
    for path in sorted(release.rglob("*")):
        rel = path.relative_to(release)
        if not path.is_file() or rel.parts[0] in skipped or rel.name == "manifest.json":
            continue
        if path.suffix not in {".svg", ".html", ".js", ".json", ".jsonld", ".csv", ".md"}:
            continue
        files += 1
        text = path.read_text(encoding="utf-8-sig")
        for found in set(mention.findall(text)):
            if not PEER_SET_ID.fullmatch(found) or "__" in found:
                malformed[found].add(str(rel))
        if rel.parts[0] == "charts":
            # a chart names the peer set it outlines: one of the tables'
            assert set(re.findall(r'data-peer-set="([^"]+)"', text)) <= ids, rel
    assert files > 100
    assert dict(malformed) == {}


def _unit_kinds(published_db) -> tuple[dict[str, str], dict[str, str]]:
    """Each area's geography level and each organisation's type."""
    areas = published_db.execute(
        "select geography_code, geography_level from marts.dim_geography"
    ).fetchall()
    organisations = published_db.execute(
        "select organisation_code, organisation_type from marts.dim_organisation"
    ).fetchall()
    return dict(areas), dict(organisations)


@pytest.mark.parametrize(("mart", "per", "unit_kind"), FLAGGED, ids=lambda v: str(v))
def test_is_latest_period_marks_each_series_latest_period(published_db, mart, per, unit_kind):
    periods = {
        key: (period_type, end)
        for key, period_type, end in published_db.execute(
            "select period_key, period_type, period_end from marts.dim_period"
        ).fetchall()
    }
    extra = ["geography_code", "organisation_code"] if unit_kind else []
    columns = ["period_key", "is_latest_period", *per, *extra]
    rows = published_db.execute(f"select {', '.join(columns)} from marts.{mart}").fetchall()
    areas, organisations = _unit_kinds(published_db) if unit_kind else ({}, {})

    def series(row: tuple) -> tuple:
        values = dict(zip(columns, row, strict=True))
        kind = ()
        if unit_kind:
            area = areas.get(values["geography_code"])
            kind = (area or organisations.get(values["organisation_code"]),)
        return (*(values[c] for c in per), *kind, periods[values["period_key"]][0])

    latest: dict[tuple, object] = {}
    for row in rows:
        key, end = series(row), periods[row[0]][1]
        latest[key] = max(latest.get(key, end), end)
    wrong = [row for row in rows if row[1] != (periods[row[0]][1] == latest[series(row)])]
    assert wrong == []
    flagged = sum(1 for row in rows if row[1])
    assert 0 < flagged < len(rows) or mart == "rpt_education_ks2_school_results"
    print(f"{mart}: {flagged:,} of {len(rows):,} rows in the latest period")


def test_the_latest_periods_are_the_shipped_datas_last(published_db):
    def latest(table: str, where: str) -> set[str]:
        return {
            key
            for (key,) in published_db.execute(
                f"select distinct period_key from marts.{table} where is_latest_period and {where}"
            ).fetchall()
        }

    crime = "indicator_code = 'police_crime_rate__total_recorded_crime_excluding_fraud'"
    assert latest("rpt_indicator_comparison", crime) == {"YE2019-12"}
    assert latest("fct_indicator_value", crime) == {"YE2019-12"}
    four_hours = "indicator_code = 'nhse_ae_within_4_hours_type_1'"
    assert latest("rpt_indicator_comparison", four_hours) == {"M2025-06", "YE2025-06"}
    assert latest("rpt_police_report_card", "true") == {"YE2019-12"}
    assert latest("rpt_police_force_workforce", "true") == {"AT2023-03-31"}
    # every force has a card for the latest quarter
    assert (
        published_db.execute(
            "select count(*) from marts.rpt_police_report_card where is_latest_period"
        ).fetchone()[0]
        == 43
    )


def test_the_periods_page_documents_every_period_type(published_db):
    page = (Path(__file__).parents[3] / "docs" / "periods.md").read_text(encoding="utf-8")
    for period_type, example in published_db.execute(
        "select period_type, min(period_key) from marts.dim_period group by 1 order by 1"
    ).fetchall():
        assert f"| `{period_type}` |" in page, period_type
        prefix = re.match(r"[A-Z]+", example).group()
        assert f"`{prefix}" in page, (period_type, prefix)
