"""The publish asset: runs only after every blocking check in the run passed, then releases."""

# No `from __future__ import annotations`: Dagster inspects the real context type hint.

from pathlib import Path

import dagster as dg

from orchestration.paths import FrontlinePaths
from orchestration.publish.charts import CHARTS, TREND_CHARTS
from orchestration.publish.contract import mart_contracts
from orchestration.publish.dbt_docs import dbt_docs_attachment
from orchestration.publish.metadata import metadata_attachment
from orchestration.publish.model import CheckOutcome, PublicationBlocked, SourceFile
from orchestration.publish.release import blocked_message, publish_release
from orchestration.publish.site import SITE
from orchestration.raw.catalog import SOURCES
from orchestration.raw.catalog.provenance import read_snapshot_urls
from orchestration.raw.landing.load_report import load_report
from orchestration.resources import WarehouseResource
from orchestration.transform.assets import dbt_manifest, public_marts

PUBLIC_MARTS = public_marts()


class ReleaseResource(dg.ConfigurableResource):
    """Where releases and the published database go (FRONTLINE_HOME), and how many releases to
    keep (older ones are pruned after each publish; never the latest)."""

    home: str
    keep_releases: int = 10

    def paths(self, data_dir: str) -> FrontlinePaths:
        return FrontlinePaths(home=Path(self.home), data_dir=Path(data_dir))


def _mart_key(relation: str) -> dg.AssetKey:
    return dg.AssetKey(["marts", relation.split(".")[-1]])


def _check_outcomes(context: dg.AssetExecutionContext) -> list[CheckOutcome]:
    """Every check evaluated in this run, as the manifest records them."""
    records = context.instance.all_logs(
        context.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    )
    outcomes = []
    for record in records:
        evaluation = record.dagster_event.event_specific_data
        failing = evaluation.metadata.get("failing_row_count")
        outcomes.append(
            CheckOutcome(
                name=evaluation.check_name,
                asset=evaluation.asset_key.to_user_string(),
                passed=evaluation.passed,
                blocking=evaluation.blocking,
                severity=evaluation.severity.value,
                description=evaluation.description or "",
                failing_row_count=int(failing.value) if failing is not None else 0,
            )
        )
    return sorted(outcomes, key=lambda c: (c.asset, c.name))


def _source_files(warehouse: WarehouseResource) -> list[SourceFile]:
    """Every file loaded into raw, with its checksum, licence and whether it was synthetic; the
    publication's URL and date (the catalog) and where its exact bytes are (PROVENANCE.md)."""
    by_table = {source.raw_table: source for source in SOURCES}
    snapshots = read_snapshot_urls(Path(warehouse.data_dir))
    with warehouse.connect(read_only=True) as con:
        rows = con.execute(
            "select raw_table, source_file, sha256, coalesce(synthetic, false)"
            " from raw._load_log order by source_file"
        ).fetchall()
    return [
        SourceFile(
            path=f"data/{path}",
            sha256=sha,
            publisher=by_table[table].publisher,
            title=by_table[table].title,
            licence=by_table[table].licence,
            synthetic=synthetic,
            url=by_table[table].url or None,
            published=by_table[table].published,
            snapshot_url=None if synthetic else snapshots.get(f"data/{path}"),
        )
        for table, path, sha, synthetic in rows
    ]


def _loads(warehouse: WarehouseResource) -> list[dict]:
    """Per source: files and rows landed, rows rejected against its threshold, the top reject
    reasons and the files quarantined, as the run summary reports them."""
    with warehouse.connect(read_only=True) as con:
        return [report.as_dict() for report in load_report(con, SOURCES)]


def _missing_checks(context: dg.AssetExecutionContext, outcomes: list[CheckOutcome]) -> list[str]:
    """Blocking checks of the whole job that did not report in this run.

    Dagster lets downstream assets run when a check emits no result, and a run may select only
    some assets (the UI can materialise the release alone, or a staging view and the release):
    its job is then a subset whose graph holds only those assets' checks, and the release step
    may even run first. Publication therefore needs every blocking check of the full job, raw
    loads to marts, to have reported in this run: write, audit and publish in one run.
    """
    reported = {(c.asset, c.name) for c in outcomes}
    selection = context.job_def.asset_selection_data
    full_job = selection.parent_job_def if selection else context.job_def
    graph = full_job.asset_layer.asset_graph
    return sorted(
        f"{key.asset_key.to_user_string()}:{key.name}"
        for key in graph.asset_check_keys
        if graph.get_check_spec(key).blocking
        and (key.asset_key.to_user_string(), key.name) not in reported
    )


@dg.asset(
    key=["publish", "release"],
    group_name="publish",
    kinds={"python", "duckdb", "parquet", "csv"},
    owners=["team:data-engineering"],
    deps=[_mart_key(relation) for relation in PUBLIC_MARTS],
    pool="duckdb_writer",
    description=(
        "A new immutable release: per public mart a tidy CSV (UTF-8 with a byte-order mark, "
        "described by CSVW) and Parquet, the release database (readable by DuckDB 1.1 and later, "
        "with comments and keys), funnel and ski-slope SVG charts, a Frictionless Data Package, a "
        "DCAT catalogue, EES tidy files, a change log against the previous release, PROVENANCE.md, "
        "dbt's documentation (dbt-docs/index.html) and the report-card website "
        "(site/index.html); a manifest with row counts, checksums, sources, licences, loads and "
        "check results. Sealed (every file, the database included, in SHA256SUMS; files 0444, "
        "folders 0555) and verified, then made the published one by one atomic switch of "
        "`latest`, through which the published database resolves. Runs only "
        "when every blocking check of the whole job passed in the same run. A release built from "
        "any synthetic file is labelled synthetic and written to its own folder only: the "
        "published database and `latest` stay on the last real release."
    ),
)
def release(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, releases: ReleaseResource
) -> dg.MaterializeResult:
    outcomes = _check_outcomes(context)
    missing = _missing_checks(context, outcomes)
    if missing:
        failed = [c for c in outcomes if c.blocking and not c.passed]
        raise PublicationBlocked(blocked_message(failed, missing))
    paths = releases.paths(warehouse.data_dir)
    if Path(warehouse.database_path) != paths.working_db:
        raise dg.Failure(
            f"working database {warehouse.database_path} is not {paths.working_db}: "
            "warehouse and releases must share FRONTLINE_HOME"
        )
    published = publish_release(
        paths,
        PUBLIC_MARTS,
        outcomes,
        _source_files(warehouse),
        attachments=[
            CHARTS,
            TREND_CHARTS,
            metadata_attachment(paths.data_dir),
            dbt_docs_attachment(dbt_manifest()),
            SITE,
        ],
        keep_releases=releases.keep_releases,
        loads=_loads(warehouse),
        contracts=mart_contracts(dbt_manifest()),
    )
    rows = {m["table"]: m["row_count"] for m in published.manifest["marts"]}
    if published.synthetic:
        context.log.warning(
            f"synthetic release {published.release_id} written to {published.folder}; built from "
            f"{len(published.manifest['synthetic_sources'])} synthetic file(s), so the published "
            "database and latest were left on the last real release"
        )
    else:
        context.log.info(f"published release {published.release_id} to {published.folder}")
    for orphan in published.orphans_removed:
        context.log.warning(
            f"removed release folder {orphan}: complete but never published (a publish was "
            "interrupted before latest pointed to it)"
        )
    for link in published.links_migrated:
        context.log.info(f"{link} now resolves through releases/latest (earlier layout migrated)")
    if published.pruned:
        context.log.info(f"pruned {len(published.pruned)} older release(s): {published.pruned}")
    # a synthetic release is not published: its database is only the one in its folder
    database = published.published_db or published.folder / "frontline.duckdb"
    return dg.MaterializeResult(
        metadata={
            "release_id": published.release_id,
            "release_folder": dg.MetadataValue.path(str(published.folder)),
            "synthetic": published.synthetic,
            "synthetic_sources": dg.MetadataValue.json(published.manifest["synthetic_sources"]),
            "published_as_latest": not published.synthetic,
            "release_database": dg.MetadataValue.path(str(database)),
            "content_sha256": published.content_sha256,
            "published_tables": len(rows),
            "rows_per_mart": dg.MetadataValue.json(rows),
            "checks_passed": sum(c.passed for c in outcomes),
            "charts": len(published.manifest.get("charts", [])),
            "csv_formula_cells_neutralised": sum(
                m["csv_formula_cells_neutralised"] for m in published.manifest["marts"]
            ),
            "orphan_releases_removed": dg.MetadataValue.json(list(published.orphans_removed)),
        }
    )
