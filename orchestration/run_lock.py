"""One run at a time per home: an exclusive lock on ``<home>/run.lock`` that the kernel releases
when its holder dies, however it dies.

The lock tells a live run from a dead one: while a process holds it, that process is running (or
serving `frontline dev`); once the lock is free, every run the home's Dagster instance still shows
as started is dead (see ``orchestration.run_recovery``). The holder writes its pid, command and
start time into the file so that a refused run can say who holds it.
"""

from __future__ import annotations

import fcntl
import os
import time
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE_NAME = "run.lock"


class RunLockHeld(RuntimeError):
    """Another live process holds the home's run lock."""


@dataclass
class RunLock:
    path: Path
    fd: int

    def release(self) -> None:
        if self.fd >= 0:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = -1

    def keep_across_exec(self) -> None:
        """Let a program started with ``os.exec*`` keep holding the lock (frontline dev)."""
        os.set_inheritable(self.fd, True)

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire_run_lock(home: Path, command: str) -> RunLock:
    """Take ``<home>/run.lock`` without waiting, or raise RunLockHeld naming the live holder."""
    home.mkdir(parents=True, exist_ok=True)
    path = home / LOCK_FILE_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 4096, 0).decode(errors="replace").strip()
        os.close(fd)
        raise RunLockHeld(
            f"frontline: another process is using {home} ({_describe_holder(holder)}); "
            "wait for it to finish, or stop it, then run again"
        ) from None
    os.ftruncate(fd, 0)
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    os.pwrite(fd, f"{os.getpid()}\t{command}\t{started}\n".encode(), 0)
    return RunLock(path=path, fd=fd)


def _describe_holder(content: str) -> str:
    parts = content.split("\t")
    if len(parts) != 3:
        return "holder unknown"
    pid, command, started = parts
    return f"pid {pid}, `{command}`, started {started}"
