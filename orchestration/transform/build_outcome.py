"""What went wrong in a dbt build, in one line, from dbt's run_results.json.

The line names every model, seed or test that errored (with dbt's message) and counts the tests
that failed and the nodes dbt skipped after them; a failed test whose result did not become a
Dagster check is named too, so no failure goes unnamed (the project test keeps that list empty).
The failed checks themselves, with their failing rows, are the run summary's to show.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

MAX_NAMED = 3
MAX_MESSAGE = 200


def _name(unique_id: str, manifest: Mapping[str, Any]) -> str:
    node = manifest.get("nodes", {}).get(unique_id)
    return node["name"] if node else unique_id.split(".")[-1]


def _one_line(message: str | None) -> str:
    text = " ".join(line.strip() for line in (message or "").splitlines() if line.strip())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:MAX_NAMED])
    return shown + (f" and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else "")


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def build_failure_description(
    results: Sequence[Mapping[str, Any]],
    manifest: Mapping[str, Any],
    check_unique_ids: Collection[str],
) -> str:
    """One line for a failed ``dbt build``: errored nodes by name with their message, failed
    tests counted (named when they are not Dagster checks), skipped nodes counted."""
    errored = [r for r in results if r.get("status") == "error"]
    failed = [r for r in results if r.get("status") == "fail"]
    skipped = [r for r in results if r.get("status") == "skipped"]
    parts = []
    for result in errored[:MAX_NAMED]:
        kind = result["unique_id"].split(".")[0]
        name = _name(result["unique_id"], manifest)
        parts.append(f"{kind} {name} errored: {_one_line(result.get('message'))}")
    if len(errored) > MAX_NAMED:
        parts.append(f"{len(errored) - MAX_NAMED} more nodes errored")
    if failed:
        text = _count(len(failed), "test failed", "tests failed")
        unchecked = [
            _name(r["unique_id"], manifest)
            for r in failed
            if r["unique_id"] not in check_unique_ids
        ]
        if unchecked:
            label = "not a Dagster check" if len(unchecked) == 1 else "not Dagster checks"
            text += f" ({_listed(unchecked)}: {label}, see the dbt log)"
        parts.append(text)
    if skipped:
        parts.append(_count(len(skipped), "downstream node", "downstream nodes") + " skipped")
    if not parts:
        return "dbt build failed before running any node: see the dbt log"
    return "dbt build failed: " + "; ".join(parts)
