"""The open-standard metadata of the release the main job publishes from the shipped data, each
checked by its own library: CSVW (csvw), the Data Package (frictionless), the DCAT catalogue
(rdflib, pyshacl against the committed shapes), the EES files (their layout and rounding, against
the published Parquet), the change log, the sources' URLs and PROVENANCE.md.

CSVs up to ``FULL_CHECK_BYTES`` (1 MB: 12 of the 21) are validated row by row; larger ones (up to
the comparison's 210 MB; the csvw package reads about 1 MB a second) on their header and first
``SAMPLE_ROWS`` rows, copied beside their description, which keeps the checks to seconds.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import warnings
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pyshacl
import pytest
import rdflib
from csvw import CSVW
from frictionless import Package
from rdflib.namespace import DCAT, DCTERMS, RDF

from orchestration.paths import DEFAULT_DATA_DIR
from orchestration.publish.metadata.dcat import SHAPES
from orchestration.publish.metadata.ees.layout import MANDATORY, META_COLUMNS

FULL_CHECK_BYTES = 1_000_000
SAMPLE_ROWS = 1_000
BOM = b"\xef\xbb\xbf"
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
# EES's allowed time identifiers and geographic levels (DfE open data standards)
EES_TIME = {"Academic year", "Financial year", "Calendar year", "Reporting year"} | {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
}  # fmt: skip
EES_LEVELS = {"National", "Regional", "Local authority", "Police force area", "School",
              "Institution"}  # fmt: skip


@pytest.fixture(scope="module")
def release(published) -> Path:
    return (published.releases_dir / "latest").resolve()


def manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text())


def csvw_verdict(description: Path) -> tuple[bool, list[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        checked = CSVW(str(description), validate=True)
        valid = checked.is_valid
    return valid, [str(w.message) for w in checked.warnings]


def head(path: Path, rows: int) -> bytes:
    """The file's first ``rows`` data rows behind its header (rows hold no line breaks: the
    published text columns have none, which the full checks of the small files confirm)."""
    lines = []
    with path.open("rb") as f:
        for _ in range(rows + 1):
            line = f.readline()
            if not line:
                break
            lines.append(line)
    return b"".join(lines)


def check_csvw(folder: Path, scratch: Path) -> dict[str, str]:
    """Validate every CSVW description; what each check covered, per CSV."""
    covered = {}
    for mart in manifest(folder)["marts"]:
        [csv_rel] = [f["path"] for f in mart["files"] if f["format"] == "csv"]
        csv_path, description = folder / csv_rel, folder / f"{csv_rel}-metadata.json"
        header = csv_path.read_bytes()[:4096].split(b"\n")[0].removeprefix(BOM).decode()
        columns = json.loads(description.read_text())["tableSchema"]["columns"]
        assert [c["name"] for c in columns] == next(csv.reader([header])), csv_rel
        if csv_path.stat().st_size <= FULL_CHECK_BYTES:
            assert csvw_verdict(description) == (True, []), csv_rel
            covered[csv_rel] = "every row"
        else:
            shutil.copyfile(description, scratch / description.name)
            (scratch / csv_path.name).write_bytes(head(csv_path, SAMPLE_ROWS))
            assert csvw_verdict(scratch / description.name) == (True, []), csv_rel
            covered[csv_rel] = f"first {SAMPLE_ROWS} rows"
    return covered


def test_every_csv_has_a_csvw_description_that_validates(release: Path, tmp_path: Path):
    covered = check_csvw(release, tmp_path)
    assert len(covered) == len(manifest(release)["marts"])
    assert covered["csv/rpt_vfm_rating.csv"] == "every row"
    comparison = json.loads((release / "csv/rpt_police_report_card.csv-metadata.json").read_text())
    assert comparison["tableSchema"]["primaryKey"] == ["force_code", "period_key"]
    url_columns = [c["name"] for c in comparison["tableSchema"]["columns"] if "valueUrl" in c]
    assert url_columns == ["force_code"]


def check_datapackage(folder: Path) -> dict[str, str]:
    descriptor = json.loads((folder / "datapackage.json").read_text())
    assert [e.message for e in Package.metadata_validate(descriptor)] == []
    package = Package(str(folder / "datapackage.json"))
    covered = {}
    for resource in package.resources:
        full = resource.bytes <= FULL_CHECK_BYTES
        report = resource.validate(limit_rows=None if full else SAMPLE_ROWS)
        assert report.valid, (resource.name, report.flatten(["type", "message"])[:5])
        covered[resource.name] = "every row, size and hash" if full else f"{SAMPLE_ROWS} rows"
    return covered


def test_the_data_package_validates(release: Path):
    covered = check_datapackage(release)
    assert len(covered) == len(manifest(release)["marts"])
    package = json.loads((release / "datapackage.json").read_text())
    assert {lic["name"] for lic in package["licenses"]} == {"OGL-UK-3.0", "CC-BY-4.0"}
    assert all(source.get("path", "").startswith("https://") for source in package["sources"])
    # the contract's foreign keys, which the validation above checked row by row
    keys = {r["name"]: r["schema"].get("foreignKeys", []) for r in package["resources"]}
    assert {"fields": ["period_key"], "reference": {"resource": "dim_period", "fields": [
        "period_key"]}} in keys["rpt_indicator_comparison"]  # fmt: skip
    assert {"fields": ["parent_geography_code"], "reference": {"resource": "", "fields": [
        "geography_code"]}} in keys["dim_geography"]  # fmt: skip


def check_dcat(folder: Path) -> int:
    data = rdflib.Graph().parse(folder / "catalog.jsonld", format="json-ld")
    ok, results, text = pyshacl.validate(data, shacl_graph=rdflib.Graph().parse(SHAPES))
    assert ok, text
    sums = dict(
        reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines()
    )
    identifiers = {
        str(data.value(d, DCTERMS.identifier)) for d in data.subjects(RDF.type, DCAT.Dataset)
    }
    assert identifiers == {m["table"] for m in manifest(folder)["marts"]}
    distributions = list(data.subjects(RDF.type, DCAT.Distribution))
    for dist in distributions:
        rel = Path(str(data.value(dist, DCAT.downloadURL)).removeprefix("file://")).relative_to(
            folder
        )
        checksum = data.value(dist, SPDX.checksum)
        assert str(data.value(checksum, SPDX.checksumValue)) == sums[rel.as_posix()]
    return len(distributions)


def test_the_dcat_catalogue_conforms_and_its_checksums_are_the_releases(release: Path):
    marts = len(manifest(release)["marts"])
    # CSV, Parquet and CSVW per table, and the EES files of the headline tables
    assert check_dcat(release) == 3 * marts + len(list((release / "ees").iterdir()))


def rounded(value: float | None, places: int) -> str | None:
    if value is None:
        return None
    q = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return str(q.copy_abs() if q == 0 else q)


def read_ees(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(BOM), path.name
    return list(csv.DictReader(io.StringIO(data[len(BOM) :].decode("utf-8"))))


def check_ees_layout(folder: Path) -> list[str]:
    names = sorted(p.name.removesuffix(".meta.csv") for p in (folder / "ees").glob("*.meta.csv"))
    for name in names:
        meta = read_ees(folder / "ees" / f"{name}.meta.csv")
        assert list(meta[0]) == list(META_COLUMNS)
        described = [m["col_name"] for m in meta]
        grouping = {m["filter_grouping_column"] for m in meta} - {""}
        with (folder / "ees" / f"{name}.csv").open(encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            header = reader.fieldnames
            first = [row for _, row in zip(range(SAMPLE_ROWS), reader, strict=False)]
        assert header[:5] == list(MANDATORY), name
        # geography, then the filters (and their groups), then the indicators, as described
        tail = [c for c in header if c in described or c in grouping]
        assert [c for c in tail if c not in grouping] == described, name
        assert header[-len(tail) :] == tail, name
        for row in first:
            assert row["time_identifier"] in EES_TIME and row["time_period"].isdigit(), name
            assert row["geographic_level"] in EES_LEVELS and row["country_code"], name
            for m in meta:
                if m["col_type"] == "Indicator":
                    value = row[m["col_name"]]
                    assert (
                        value in {"x", "z", "c", "u", "low"}
                        or _places(value) == int(m["indicator_dp"])
                        or _places(value) <= int(m["indicator_dp"])
                    ), (name, m["col_name"], value)
    return names


def _places(value: str) -> int:
    Decimal(value)  # a number
    return len(value.split(".")[1]) if "." in value else 0


def test_ees_files_have_the_standard_layout(release: Path):
    names = check_ees_layout(release)
    assert {"police_recorded_crime", "police_report_card"} <= set(names)
    assert "indicator_comparison_police_force_area_year_ending" in names
    assert len([n for n in names if n.startswith("indicator_comparison_")]) >= 4


def check_ees_report_card_values(folder: Path) -> int:
    """The EES report card against the published Parquet, rounded here to the indicators'
    decimal places (marts.dim_indicator)."""
    con = duckdb.connect()
    dp = dict(
        con.execute(
            f"select indicator_code, decimal_places from '{folder}/parquet/dim_indicator.parquet'"
        ).fetchall()
    )
    card = con.execute(
        "select force_code, r.period_key, crime_rate_per_1000, "
        "crime_change_percent_on_year_earlier, officers_per_1000, "
        "net_revenue_expenditure_per_officer, monthname(p.period_end), p.end_year "
        f"from '{folder}/parquet/rpt_police_report_card.parquet' r "
        f"join '{folder}/parquet/dim_period.parquet' p on p.period_key = r.period_key"
    ).fetchall()
    rows = {
        (r["pfa_code"], r["time_period"], r["rolling_year"]): r
        for r in read_ees(folder / "ees/police_report_card.csv")
    }
    assert len(rows) == len(card)
    for force, _, rate, change, officers, spend, month, year in card:
        row = rows[force, str(year), f"Year ending {month}"]
        assert row["crime_rate_per_1000"] == (
            rounded(rate, dp["police_crime_rate__total_recorded_crime_excluding_fraud"]) or "x"
        )
        assert row["crime_change_percent_on_year_earlier"] == (
            rounded(change, dp["police_crime_change__total_recorded_crime_excluding_fraud"]) or "x"
        )
        assert row["officers_per_1000"] == (
            rounded(officers, dp["police_officers_per_1000_population"]) or "x"
        )
        assert row["net_revenue_expenditure_per_officer"] == (
            rounded(spend, dp["police_net_revenue_expenditure_per_officer"]) or "x"
        )
    return len(card)


def check_ees_comparison_values(folder: Path) -> int:
    """The police comparison file against the Parquet: value, peer median and national value
    rounded to each row's indicator's decimal places."""
    con = duckdb.connect()
    published = con.execute(
        "select c.organisation_code, c.period_key, c.indicator_name, c.peer_set_type, c.value, "
        "c.status_symbol, c.peer_median, c.national_value, i.decimal_places, i.unit "
        f"from '{folder}/parquet/rpt_indicator_comparison.parquet' c "
        f"join '{folder}/parquet/dim_indicator.parquet' i using (indicator_code) "
        "where c.comparison_type = 'police_force_area' and c.period_key = 'YE2019-03' "
        "and c.peer_set_type = 'nearest_neighbours'"
    ).fetchall()
    rows = [
        r
        for r in read_ees(folder / "ees/indicator_comparison_police_force_area_year_ending.csv")
        if (r["time_period"], r["rolling_year"], r["peer_set"])
        == ("2019", "Year ending March", "Nearest neighbours")
    ]
    by_key = {(r["pfa_code"], r["indicator"]): r for r in rows}
    assert len(by_key) == len(rows) == len(published)
    for code, _, name, _, value, symbol, median, national, places, unit in published:
        label = name if unit.lower() in name.lower() else f"{name} ({unit})"
        row = by_key[code, label]
        assert row["value"] == (rounded(value, places) or symbol or "x")
        assert row["peer_median"] == (rounded(median, places) or "x")
        assert row["national_value"] == (rounded(national, places) or "x")
    return len(published)


def test_ees_values_are_the_published_values_rounded(release: Path):
    assert check_ees_report_card_values(release) > 300
    assert check_ees_comparison_values(release) > 1000


def test_the_change_log_of_a_first_release_adds_every_table(release: Path):
    log = json.loads((release / "changelog.json").read_text())
    marts = manifest(release)["marts"]
    assert log["previous_release_id"] is None
    assert log["summary"]["added"] == log["summary"]["tables"] == len(marts)
    rows = {t["table"]: t["rows_added"] for t in log["tables"]}
    assert rows == {m["table"]: m["row_count"] for m in marts}


def test_sources_carry_urls_and_provenance_ships(release: Path):
    sources = manifest(release)["sources"]
    assert sources and all(s["url"].startswith("https://") for s in sources)
    # every file PROVENANCE.md records as a copy has the address of its snapshot; a sheet saved
    # as CSV from a workbook (named "[sheet ...]" there) has none
    rows = {
        line.split("`")[1]: line
        for line in (DEFAULT_DATA_DIR / "PROVENANCE.md").read_text().splitlines()
        if line.startswith("| `data/")
    }
    for source in (s for s in sources if not s["synthetic"]):
        copied = " [sheet " not in rows[source["path"]]
        url = source["snapshot_url"]
        assert (url or "").startswith("https://github.com/") == copied, source["path"]
    assert any(s["published"] for s in sources)
    shipped = (release / "PROVENANCE.md").read_bytes()
    assert shipped == (DEFAULT_DATA_DIR / "PROVENANCE.md").read_bytes()
    listed = {e["path"]: e["kind"] for e in manifest(release)["metadata"]}
    assert listed["PROVENANCE.md"] == "provenance"
    assert manifest(release)["attachments"][:3] == ["charts", "trend_charts", "metadata"]
