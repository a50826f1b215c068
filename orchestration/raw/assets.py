"""Dagster assets for the raw layer: one per catalog source, built by one factory."""

# No `from __future__ import annotations`: Dagster inspects the real context type hint.

from collections.abc import Sequence
from pathlib import Path

import dagster as dg

from orchestration.raw.catalog import SOURCES, Source
from orchestration.raw.landing import (
    LandingResult,
    ensure_empty_table,
    forget_missing_files,
    land_file,
)
from orchestration.raw.police_uk_street import street_files_by_month
from orchestration.raw.reject_threshold import check_result, check_spec
from orchestration.raw.shape import LoadError
from orchestration.resources import WarehouseResource

STREET_PARTITIONS = dg.DynamicPartitionsDefinition(name="police_uk_month")
PREVIEW_ROWS = 5


def _description(source: Source) -> str:
    return (
        f"{source.title}.\n\n{source.description}\n\n"
        f"Publisher: {source.publisher}. Licence: {source.licence}. "
        f"Files: data/{source.glob}. Lands in raw.{source.raw_table}."
    )


def _files_for(context: dg.AssetExecutionContext, source: Source, data_dir: Path) -> list[Path]:
    if not source.partitioned_by_month:
        files = source.files(data_dir)
        if not files and not source.optional:
            raise dg.Failure(f"no files match data/{source.glob} for raw.{source.raw_table}")
        return files
    by_month = street_files_by_month((data_dir / source.glob).parent)
    missing = [key for key in context.partition_keys if key not in by_month]
    if missing:
        raise dg.Failure(f"no {source.name} files for month(s) {missing} under data/{source.glob}")
    return [path for key in context.partition_keys for path in by_month[key]]


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
    files = _files_for(context, source, data_dir)
    table = f'raw."{source.raw_table}"'
    with warehouse.connect() as con:
        # a whole-folder source mirrors its files: a removed file's rows go too
        forgotten = [] if partitioned else forget_missing_files(con, source, files, data_dir)
        for source_file in forgotten:
            context.log.info(f"{source_file}: no longer in the data folder, forgotten")
        if not files:
            context.log.info(f"no files match data/{source.glob}: raw.{source.raw_table} empty")
            ensure_empty_table(con, source)
        results = []
        for path in files:
            result = land_file(con, source, path, data_dir)
            context.log.info(
                f"{result.source_file}: "
                + ("unchanged, skipped" if result.skipped else f"{result.rows_landed} rows")
                + (f", {result.rows_rejected} rejected" if result.rows_rejected else "")
                + (" (synthetic)" if result.synthetic else "")
            )
            results.append(result)
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
