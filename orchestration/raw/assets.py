"""Dagster assets for the raw layer: one per catalog source, built by one factory."""

# No `from __future__ import annotations`: Dagster inspects the real context type hint.

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from orchestration.raw.catalog import SOURCES, Source
from orchestration.raw.landing.file_scan import FileScan
from orchestration.raw.landing.land import (
    LandingResult,
    ensure_empty_table,
    forget_missing_files,
    land_files,
)
from orchestration.raw.landing.quarantine import record_quarantine, source_file_of
from orchestration.raw.landing.reject_threshold import check_result, check_spec
from orchestration.raw.landing.shape import LoadError
from orchestration.raw.parsers.police_uk_street import FILE_NAME
from orchestration.raw.police_uk_drop_folder import triage, utc_today
from orchestration.resources import WarehouseResource

STREET_PARTITIONS = dg.DynamicPartitionsDefinition(name="police_uk_month")
PREVIEW_ROWS = 5


def _description(source: Source) -> str:
    return (
        f"{source.title}.\n\n{source.description}\n\n"
        f"Publisher: {source.publisher}. Licence: {source.licence}. "
        f"Files: data/{source.glob}. Lands in raw.{source.raw_table}."
    )


def _files_for(
    context: dg.AssetExecutionContext, source: Source, warehouse: WarehouseResource
) -> tuple[list[Path], dict[Path, FileScan]]:
    """The files to land, and what reading them already told (the drop folder reads its files)."""
    data_dir = Path(warehouse.data_dir)
    if not source.partitioned_by_month:
        files = source.files(data_dir)
        if not files and not source.optional:
            raise dg.Failure(f"no files match data/{source.glob} for raw.{source.raw_table}")
        return files, {}
    return _street_files(context, source, warehouse, data_dir)


def _street_files(
    context: dg.AssetExecutionContext, source: Source, warehouse: WarehouseResource, data_dir: Path
) -> tuple[list[Path], dict[Path, FileScan]]:
    """The drop folder's files to land for the run's months: one per force-month (the rules are
    police_uk_drop_folder's). The others are quarantined: logged, recorded in raw._quarantine,
    and whatever rows they had landed removed. A month already in raw with a holding file not
    landed (one that took a force-month over from a file now quarantined, or a new force) is
    loaded too, whatever months the run is for, so no month is left short of its rows."""
    folder = triage((data_dir / source.glob).parent, today=utc_today())
    missing = [key for key in context.partition_keys if key not in folder.held]
    if missing:
        raise dg.Failure(
            f"no {source.name} file to load for month(s) {missing} under data/{source.glob}: "
            "none there, or only files that are quarantined (misnamed, future or duplicate)"
        )
    for item in folder.quarantined:
        context.log.warning(f"{source_file_of(item.path, data_dir)}: quarantined: {item.reason}")
    with warehouse.connect() as con:
        removed = record_quarantine(con, source.raw_table, folder.quarantined, data_dir)
        # the folder is the truth: a file taken out of it is forgotten, whatever month it held,
        # so its rows are never published again
        held = [path for paths in folder.held.values() for path in paths]
        for source_file in forget_missing_files(con, source, held, data_dir):
            context.log.info(f"{source_file}: no longer in the drop folder, forgotten")
        landed = {
            file
            for (file,) in con.execute(
                "select source_file from raw._load_log where raw_table = ?", [source.raw_table]
            ).fetchall()
        }
    for source_file in removed:
        context.log.info(f"{source_file}: quarantined, its rows removed from raw")
    # months in raw before this run: a month whose only file was just removed counts
    landed_months = {
        match["month"] for f in {*landed, *removed} if (match := FILE_NAME.match(Path(f).name))
    }
    catching_up = sorted(
        month
        for month in (landed_months & set(folder.held)) - set(context.partition_keys)
        if any(source_file_of(path, data_dir) not in landed for path in folder.held[month])
    )
    if catching_up:
        context.log.info(f"month(s) {catching_up} also loaded: a file now holding them is new")
    months = sorted({*context.partition_keys, *catching_up})
    return [path for month in months for path in folder.held[month]], folder.scans


def _metadata(
    results: Sequence[LandingResult], row_count: int, preview: str, forgotten: Sequence[str]
) -> dict[str, dg.MetadataValue]:
    landed = [r for r in results if not r.skipped]
    return {
        "files_landed": dg.MetadataValue.int(len(landed)),
        "files_skipped": dg.MetadataValue.int(len(results) - len(landed)),
        "files_forgotten": dg.MetadataValue.json(list(forgotten)),
        "synthetic_files": dg.MetadataValue.json([r.source_file for r in results if r.synthetic]),
        "rows_landed": dg.MetadataValue.int(sum(r.rows_landed for r in landed)),
        "rows_rejected": dg.MetadataValue.int(sum(r.rows_rejected for r in landed)),
        "sha256": dg.MetadataValue.json({r.source_file: r.sha256 for r in results}),
        "dagster/row_count": dg.MetadataValue.int(row_count),
        "preview": dg.MetadataValue.md(preview),
    }


def _land_source(
    context: dg.AssetExecutionContext, source: Source, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Land the source's files; the result carries the reject-threshold check's outcome."""
    partitioned = source.partitioned_by_month
    data_dir = Path(warehouse.data_dir)
    files, scans = _files_for(context, source, warehouse)
    table = f'raw."{source.raw_table}"'
    with warehouse.connect() as con:
        # a whole-folder source mirrors its files: a removed file's rows go too
        forgotten = [] if partitioned else forget_missing_files(con, source, files, data_dir)
        for source_file in forgotten:
            context.log.info(f"{source_file}: no longer in the data folder, forgotten")
        if not files:
            context.log.info(f"no files match data/{source.glob}: raw.{source.raw_table} empty")
            ensure_empty_table(con, source)
        # all files in one call: a bulk source (street files) lands a month per transaction
        results = land_files(con, source, files, data_dir, scans=scans)
        for result in results:
            context.log.info(
                f"{result.source_file}: "
                + ("unchanged, skipped" if result.skipped else f"{result.rows_landed} rows")
                + (f", {result.rows_rejected} rejected" if result.rows_rejected else "")
                + (" (synthetic)" if result.synthetic else "")
            )
        row_count = con.execute(f"select count(*) from {table}").fetchone()[0]
        preview = con.execute(
            f"select * from {table} order by _source_file, _row_number limit {PREVIEW_ROWS}"
        ).df()
        checked = check_result(con, source)
    return dg.MaterializeResult(
        metadata=_metadata(results, row_count, preview.to_markdown(index=False), forgotten),
        check_results=[checked],
    )


def build_raw_asset(source: Source) -> dg.AssetsDefinition:
    """The loader asset for one source: land each of its files (or each month's files)."""
    partitioned = source.partitioned_by_month

    @dg.asset(
        name=source.name,
        key_prefix=["raw"],
        group_name="raw",
        kinds={"python", "duckdb"},
        owners=["team:data-engineering"],
        description=_description(source),
        partitions_def=STREET_PARTITIONS if partitioned else None,
        backfill_policy=dg.BackfillPolicy.single_run() if partitioned else None,
        pool="duckdb_writer",  # one DuckDB writer at a time
        check_specs=[check_spec(source)],
    )
    def _raw_asset(
        context: dg.AssetExecutionContext, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        try:
            return _land_source(context, source, warehouse)
        except LoadError as error:
            # one line (file, sheet, row, column, expected, found) for the run summary; the
            # cause and its traceback go to the log
            raise dg.Failure(description=str(error)) from error

    return _raw_asset


raw_assets: list[dg.AssetsDefinition] = [build_raw_asset(source) for source in SOURCES]
