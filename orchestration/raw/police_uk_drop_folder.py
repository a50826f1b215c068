"""Which files of the data.police.uk drop folder are loaded, and which are quarantined and why.

The rules, applied to the folder's contents alone (never to the order files arrived in), so a
run over the same folder decides the same way, and an incremental build equals a full refresh:

1. A name that is not <yyyy-mm>-<force>-street.csv is quarantined with what is wrong with it
   (the extension is matched in any case: .CSV loads; .xlsx, a space as in '... (1).csv', '..',
   month 13 do not). A folder, a broken link or an empty file is quarantined too.
2. A month after the current month (UTC, `today`) is quarantined: data.police.uk cannot have
   published it.
3. One file per force-month. A force-month is the file's month and a force named in its rows
   (Reported by or Falls within), not the force part of its name. Files are taken in name
   order; the first to name a force for a month holds that force-month, and a later file
   naming it is quarantined whole, with a reason naming the holder (identical bytes or not).

`triage_names` applies rules 1 and 2 only: what the sensor and the schedule need (cheap, no
file opened). Rule 3 never empties a month (its first file by name holds), so the months are
the same either way.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.raw.landing.data_files import file_sha256
from orchestration.raw.landing.file_scan import FileScan, scan_file
from orchestration.raw.landing.quarantine import Quarantined
from orchestration.raw.landing.synthetic import SIDECAR_SUFFIX
from orchestration.raw.parsers.police_uk_street import FILE_NAME, HEADERS, file_month, name_problem

# The columns of a street file that name a force.
FORCE_COLUMNS = ("Reported by", "Falls within")
READERS = min(4, os.cpu_count() or 1)  # threads reading files for the forces they name


@dataclass(frozen=True)
class DropFolder:
    """The drop folder sorted out: files to load by month, and files quarantined."""

    held: dict[str, list[Path]] = field(default_factory=dict)  # month -> files, by name
    quarantined: list[Quarantined] = field(default_factory=list)  # by name
    # what reading each file for its forces told of it (its plain layout): landing reuses it
    # instead of checking the file again (landing/file_scan.py)
    scans: dict[Path, FileScan] = field(default_factory=dict, compare=False)

    @property
    def months(self) -> list[str]:
        return sorted(self.held)


def current_month(today: dt.date) -> str:
    return f"{today.year:04d}-{today.month:02d}"


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def triage_names(directory: Path, today: dt.date) -> DropFolder:
    """Rules 1 and 2: every entry of `directory` either named for a month (by month, by name)
    or quarantined. A missing folder holds nothing."""
    if not directory.is_dir():
        return DropFolder()
    held: dict[str, list[Path]] = defaultdict(list)
    quarantined = []
    latest = current_month(today)
    for path in sorted(directory.iterdir(), key=lambda p: p.name):
        if _is_sidecar(path):
            continue
        reason = _entry_problem(path, latest)
        if reason is not None:
            quarantined.append(Quarantined(path, reason))
        else:
            held[file_month(path)].append(path)
    return DropFolder(dict(sorted(held.items())), quarantined)


def triage(directory: Path, today: dt.date) -> DropFolder:
    """All three rules: at most one file per force-month, the rest quarantined."""
    named = triage_names(directory, today)
    held: dict[str, list[Path]] = {}
    quarantined = list(named.quarantined)
    digests: dict[Path, str] = {}  # sha256 by file: a holder may be compared many times

    def digest(path: Path) -> str:
        if path not in digests:
            digests[path] = file_sha256(path)
        return digests[path]

    # every file is read (the rows say which forces it holds): in parallel, numpy and file
    # reads release the GIL
    named_files = [path for paths in named.held.values() for path in paths]
    with ThreadPoolExecutor(max_workers=READERS) as readers:
        read = dict(zip(named_files, readers.map(_read_forces, named_files), strict=True))
    forces_of = {path: forces for path, (forces, _) in read.items()}
    scans = {path: scan for path, (_, scan) in read.items() if scan is not None}
    for month, paths in named.held.items():
        holders: dict[str, Path] = {}  # force -> the file holding it this month
        held[month] = []
        for path in paths:
            forces = forces_of[path]
            taken = sorted(force for force in forces if force in holders)
            if taken:
                quarantined.append(
                    Quarantined(path, _duplicate_reason(path, month, taken, holders, digest))
                )
                continue
            holders.update(dict.fromkeys(forces, path))
            held[month].append(path)
    quarantined.sort(key=lambda item: item.path.name)
    return DropFolder(held, quarantined, scans)


def forces_named(path: Path) -> set[str]:
    """Every force the file's rows name (Reported by, Falls within).

    A file that cannot be read as a street CSV with those columns is identified by the force
    part of its name instead; the loader then refuses it with a message naming the file. A
    plain file (landing/plain_csv.py) whose rows all name the same forces, as a published one
    does, is answered from its bytes in C loops; any other is read row by row.
    """
    return _read_forces(path)[0]


def _read_forces(path: Path) -> tuple[set[str], FileScan | None]:
    """The file's forces, and its scan for landing (None when it could not be read whole)."""
    try:
        scan, layout = scan_file(path, HEADERS, checksum=False)  # landing hashes it
    except OSError:
        return {_name_force(path)}, None
    columns = sorted(HEADERS.index(column) for column in FORCE_COLUMNS)
    values = None if layout is None else layout.same_values(columns[0], columns[-1])
    if values is None:
        return _forces_read_row_by_row(path), scan
    forces = {
        value.strip()
        for number, value in enumerate(values, start=columns[0])
        if number in columns and value.strip()
    }
    return forces, scan


def _forces_read_row_by_row(path: Path) -> set[str]:
    try:
        # errors="replace": a byte that is not UTF-8 must not hide which force a file names
        with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
            reader = csv.reader(handle)
            header = [label.strip() for label in next(reader, [])]
            if not all(column in header for column in FORCE_COLUMNS):
                return {_name_force(path)}
            columns = [header.index(column) for column in FORCE_COLUMNS]
            forces = set()
            for row in reader:
                forces.update(row[i].strip() for i in columns if i < len(row) and row[i].strip())
            return forces
    except (OSError, csv.Error):
        return {_name_force(path)}


def _name_force(path: Path) -> str:
    """The force part of a file's name, marked as such so it never equals a force in rows."""
    return f"force {FILE_NAME.match(path.name)['force']!r} (from the file name)"


def _entry_problem(path: Path, latest: str) -> str | None:
    problem = name_problem(path.name)
    if problem is not None:
        return problem
    if path.is_symlink() and not path.exists():
        return "expected a file, found a link to nothing"
    if not path.is_file():
        return "expected a file, found a folder or special file"
    if path.stat().st_size == 0:
        return "expected a published file, found an empty one (0 bytes)"
    month = file_month(path)
    if month > latest:
        return (
            f"expected a month no later than the current month {latest} (UTC), found {month}: "
            "data.police.uk cannot have published it (a mistyped name?)"
        )
    return None


def _is_sidecar(path: Path) -> bool:
    """A synthetic file's sidecar (landing/synthetic.py) travels with its file: not one to load."""
    return (
        path.name.endswith(SIDECAR_SUFFIX)
        and path.with_name(path.name.removesuffix(SIDECAR_SUFFIX)).exists()
    )


def _duplicate_reason(
    path: Path,
    month: str,
    taken: list[str],
    holders: dict[str, Path],
    digest: Callable[[Path], str],
) -> str:
    """Which force-months are taken, by which file, and whether the two files are the same."""
    sha256 = digest(path)
    held_by = []
    for holder in sorted({holders[force] for force in taken}, key=lambda p: p.name):
        forces = ", ".join(force for force in taken if holders[force] == holder)
        same = "identical bytes" if digest(holder) == sha256 else "different contents"
        held_by.append(f"{month} {forces} held by {holder.name} ({same})")
    return (
        f"expected one file per force and month, found {'; '.join(held_by)}: the first file "
        "by name holds a force-month; remove or rename one of them"
    )
