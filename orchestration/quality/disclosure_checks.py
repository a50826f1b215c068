"""Disclosure control as blocking checks on every public mart that declares a layout.

Every public model declares `meta.disclosure`: a layout (or a list of them), or
``{none: "<why it needs none>"}``; building the checks refuses a public model that declares
neither, naming it and its YAML file. One check per mart with a layout, named
``disclosure_<table>``, on the asset ``["marts", <table>]``. After the mart is built it reads the
mart, the registry and hierarchy dimensions beside it (dim_indicator, dim_geography,
dim_organisation in the mart's schema) and the marts whose rows its totals add up (a layout's
``members``), through a read-only connection, and audits every indicator x period table that has
a rule (frontline_stats/disclosure): no published count below its threshold, every count rounded
where the rule rounds, no suppressed cell recoverable by iterated subtraction (with withheld
cells' bounds), no value beside a suppressed count. Any finding fails the check at ERROR
severity, which blocks publication (orchestration/publish). The config format is in
frontline_stats/disclosure/layout.py.
"""
# No `from __future__ import annotations`: Dagster inspects the real context type hint.

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import dagster as dg
import duckdb

from frontline_stats.disclosure.hierarchy import NO_HIERARCHY, Hierarchy
from frontline_stats.disclosure.indicator_rows import Registry, RowsAudit, audit_rows
from frontline_stats.disclosure.layout import Layout, LayoutError, NoLayout, parse_declaration
from orchestration.transform.assets import dbt_manifest

FINDINGS_SHOWN = 50
DESCRIPTION = (
    "Statistical disclosure control: no published count below its indicator's threshold, counts "
    "rounded where the rule says, no suppressed cell recoverable by subtraction along a row, "
    "column or hierarchy level."
)


class UndeclaredDisclosure(LayoutError):
    """A public model without `meta.disclosure`: the gate cannot tell what to audit."""


@dataclass(frozen=True)
class DisclosureMart:
    table: str
    relation: str  # schema.table
    layout: Layout
    # a wide mart (several indicators side by side) declares a list: one layout per indicator
    more_layouts: tuple[Layout, ...] = ()
    # model -> schema.table of the marts whose rows a layout's `members` adds up
    member_relations: tuple[tuple[str, str], ...] = ()

    @property
    def schema(self) -> str:
        return self.relation.split(".")[0]


@dataclass(frozen=True)
class Declaration:
    """What one public model declares: its layouts, or why it needs none."""

    table: str
    relation: str
    yaml_file: str
    declared: tuple[Layout, ...] | NoLayout


def _yaml_file(node: Mapping[str, Any]) -> str:
    patch = node.get("patch_path")  # "<project>://models/.../_x__models.yml"
    if patch:
        return patch.split("://", 1)[-1]
    return f"{node['original_file_path']} (no YAML properties file)"


def _relation(node: Mapping[str, Any]) -> str:
    return f"{node['schema']}.{node['alias']}"


def declarations(manifest: Mapping[str, Any]) -> list[Declaration]:
    """Every public model's `meta.disclosure` (from `meta` or `config.meta`), by table name.

    Raises UndeclaredDisclosure, one line naming the model and its YAML file, for a public model
    that declares nothing, and LayoutError for a declaration that does not parse.
    """
    found = []
    for node in manifest["nodes"].values():
        if node["resource_type"] != "model" or node.get("access") != "public":
            continue
        meta = {**(node.get("meta") or {}), **(node.get("config", {}).get("meta") or {})}
        yaml_file = _yaml_file(node)
        if "disclosure" not in meta:
            raise UndeclaredDisclosure(
                f"{yaml_file}: public model {node['name']} declares no meta.disclosure: give its "
                f'layout, or `disclosure: {{none: "<why it needs none>"}}` under config.meta '
                f"(frontline_stats/disclosure/layout.py)"
            )
        declared = parse_declaration(meta["disclosure"], where=f"{yaml_file}: {node['name']}")
        found.append(Declaration(node["alias"], _relation(node), yaml_file, declared))
    return sorted(found, key=lambda d: d.table)


def _member_relations(
    manifest: Mapping[str, Any], layouts: tuple[Layout, ...], where: str
) -> tuple[tuple[str, str], ...]:
    models = {
        node["name"]: _relation(node)
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
    }
    relations = {}
    for layout in layouts:
        if layout.members is None:
            continue
        model = layout.members.model
        if model not in models:
            raise LayoutError(f"{where}: meta.disclosure: members: no dbt model named {model}")
        relations[model] = models[model]
    return tuple(sorted(relations.items()))


def disclosure_marts(manifest: Mapping[str, Any]) -> list[DisclosureMart]:
    """Every public model that declares a layout (the gate refuses one that declares nothing)."""
    marts = []
    for declaration in declarations(manifest):
        layouts = declaration.declared
        if isinstance(layouts, NoLayout):
            continue
        where = f"{declaration.yaml_file}: {declaration.table}"
        marts.append(
            DisclosureMart(
                declaration.table,
                declaration.relation,
                layouts[0],
                layouts[1:],
                _member_relations(manifest, layouts, where),
            )
        )
    return marts


def audit_mart(database_path: str, mart: DisclosureMart) -> RowsAudit:
    """Read the mart and its dimensions read-only and audit it, layout by layout."""
    audits = []
    with duckdb.connect(database_path, read_only=True) as con:
        indicators = con.execute(f"select * from {mart.schema}.dim_indicator").df()
        registry = Registry.from_frame(indicators)
        for layout in (mart.layout, *mart.more_layouts):
            columns = ", ".join(f'"{c}"' for c in layout.columns)
            frame = con.execute(f"select {columns} from {mart.relation}").df()
            hierarchy = NO_HIERARCHY
            if layout.has_hierarchy:
                hierarchy = Hierarchy.from_frames(
                    con.execute(
                        "select geography_code, parent_geography_code "
                        f"from {mart.schema}.dim_geography"
                    ).df(),
                    con.execute(
                        "select organisation_code, geography_code, valid_from "
                        f"from {mart.schema}.dim_organisation"
                    ).df(),
                )
            members = None
            if layout.members is not None:
                member_columns = ", ".join(f'"{c}"' for c in layout.members.columns)
                relation = dict(mart.member_relations)[layout.members.model]
                members = con.execute(f"select {member_columns} from {relation}").df()
            audits.append(audit_rows(frame, layout, registry, hierarchy, mart.table, members))
    return RowsAudit(
        findings=[f for audit in audits for f in audit.findings],
        tables=sum(audit.tables for audit in audits),
        suppressed_cells=sum(audit.suppressed_cells for audit in audits),
    )


def check_result(mart: DisclosureMart, audit: RowsAudit) -> dg.AssetCheckResult:
    """ERROR severity always, so a failure blocks; the first findings one per line."""
    lines = [finding.line() for finding in audit.findings[:FINDINGS_SHOWN]]
    more = len(audit.findings) - len(lines)
    shown = "\n".join(lines + ([f"... and {more} more"] if more > 0 else []))
    return dg.AssetCheckResult(
        passed=audit.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{len(audit.findings)} disclosure finding(s); first: {lines[0]}"
            if audit.findings
            else f"no disclosure in {audit.tables} table(s) with a rule"
        ),
        metadata={
            "relation": mart.relation,
            "tables_audited": audit.tables,
            "suppressed_cells": audit.suppressed_cells,
            "failing_row_count": len(audit.findings),
            "findings": dg.MetadataValue.md(f"```\n{shown}\n```" if shown else "_none_"),
        },
    )


def build_disclosure_checks(
    marts: list[DisclosureMart],
    asset_key_for_table: Callable[[str], dg.AssetKey],
    resource_key: str = "warehouse",
    *,
    pool: str | None = None,
) -> list[dg.AssetChecksDefinition]:
    """One blocking ``disclosure_<table>`` asset check per mart."""
    return [_build_check(m, asset_key_for_table(m.table), resource_key, pool) for m in marts]


def _build_check(
    mart: DisclosureMart, asset_key: dg.AssetKey, resource_key: str, pool: str | None
) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=asset_key,
        name=f"disclosure_{mart.table}",
        description=DESCRIPTION,
        blocking=True,
        required_resource_keys={resource_key},
        metadata={"relation": mart.relation},
        pool=pool,
    )
    def _disclosure_check(context: dg.AssetCheckExecutionContext) -> dg.AssetCheckResult:
        warehouse = getattr(context.resources, resource_key)
        audit = audit_mart(warehouse.database_path, mart)
        if not audit.passed:
            context.log.warning(
                f"disclosure_{mart.table}: {len(audit.findings)} finding(s) in {mart.relation}"
            )
        return check_result(mart, audit)

    return _disclosure_check


disclosure_checks: list[dg.AssetChecksDefinition] = build_disclosure_checks(
    disclosure_marts(dbt_manifest()),
    asset_key_for_table=lambda table: dg.AssetKey(["marts", table]),
    pool="duckdb_writer",
)
