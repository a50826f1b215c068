"""Run a command and print the peak memory of its whole process tree.

`/usr/bin/time -v` reports the largest single process; a Frontline run is a Dagster process with
dbt (and DuckDB inside it) as a child, so what the machine must hold is their sum. This samples
the resident set size (RSS) of the command and all its descendants four times a second (Linux
/proc) and prints the peak of the sum, the processes at that moment, and each process's own peak.

    .venv/bin/python scripts/tree_memory.py .venv/bin/frontline run
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

PROC = Path("/proc")
INTERVAL_S = 0.25
SHOWN_MIB = 50  # processes smaller than this are left out of the report


def _children() -> dict[int, list[int]]:
    """Every process's children, from each /proc/<pid>/stat's parent field."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # the process ended while we looked
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])  # the name may hold spaces or ')'
        children.setdefault(parent, []).append(int(entry.name))
    return children


def _tree(root: int) -> list[int]:
    children, found, stack = _children(), [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def _rss_mib(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def _command(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode()[:90]
    except OSError:
        return "?"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    started = time.monotonic()
    process = subprocess.Popen(argv)
    peak, peak_at, at_peak, own_peaks = 0, 0.0, {}, {}
    while process.poll() is None:
        sizes = {pid: _rss_mib(pid) for pid in _tree(process.pid)}
        total = sum(sizes.values())
        named = {f"{pid} {_command(pid)}": mib for pid, mib in sizes.items() if mib >= SHOWN_MIB}
        if total > peak:
            peak, peak_at, at_peak = total, time.monotonic() - started, named
        for name, mib in named.items():
            own_peaks[name] = max(own_peaks.get(name, 0), mib)
        time.sleep(INTERVAL_S)
    print(
        f"exit {process.returncode}, {time.monotonic() - started:.1f} s; peak of the process "
        f"tree {peak:,} MiB at {peak_at:.0f} s:",
        file=sys.stderr,
    )
    for name, mib in sorted(at_peak.items(), key=lambda item: -item[1]):
        print(f"  {mib:6,} MiB  {name}", file=sys.stderr)
    print("each process's own peak:", file=sys.stderr)
    for name, mib in sorted(own_peaks.items(), key=lambda item: -item[1]):
        print(f"  {mib:6,} MiB  {name}", file=sys.stderr)
    return process.returncode


if __name__ == "__main__":
    if not PROC.joinpath(str(os.getpid())).exists():
        sys.exit("tree_memory.py reads /proc: Linux only")
    sys.exit(main(sys.argv[1:]))
