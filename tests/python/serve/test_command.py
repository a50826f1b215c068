"""`frontline serve` as a user runs it: a process that starts PostgreSQL, prints how to connect,
swaps in each release as it is published, and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from orchestration.paths import PROJECT_DIR
from orchestration.serve.command import EXIT_BUSY
from tests.python.serve.support import free_port, server_root, write_release
from tests.python.serve.test_loader import build_marts

# registered as `frontline serve` by orchestration/cli.py; the module runs the same command
SERVE = [sys.executable, "-m", "orchestration.serve.command"]
WAIT_S = 60


class Serving:
    """A running `frontline serve` whose output lines are read as they come."""

    def __init__(self, home: Path, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FRONTLINE_PG_")}
        env |= {"FRONTLINE_HOME": str(home), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [*SERVE, *args],
            cwd=PROJECT_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def wait_for(self, pattern: str) -> re.Match:
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.5)
            except queue.Empty:
                continue
            if line is None:
                break
            self.lines.append(line)
            if found := re.search(pattern, line):
                return found
        pytest.fail(f"no line matching {pattern!r}; output so far:\n" + "\n".join(self.lines))

    def finish(self) -> tuple[int, str]:
        returncode = self.process.wait(WAIT_S)
        while (line := self._queue.get(timeout=WAIT_S)) is not None:
            self.lines.append(line)
        return returncode, "\n".join(self.lines)


@pytest.fixture(scope="module")
def home():
    """One home for these tests: its server's data folder is made once (initdb takes seconds)."""
    with server_root() as root:
        yield root / "home"


def test_serves_swaps_in_a_new_release_and_stops_on_sigterm(home):
    write_release(home / "releases", "R-cli-1", build_marts)
    port = free_port()
    serving = Serving(home, "--port", str(port))
    try:
        password = serving.wait_for(r"^  password (\S+) \(kept in .*bi_reader\.password\)")[1]
        serving.wait_for(rf"^  psql: .*postgresql://bi_reader@127\.0\.0\.1:{port}/frontline")
        serving.wait_for(r"swapped in release R-cli-1: 3 tables, 13 rows, loaded in")
        with psycopg.connect(
            host="127.0.0.1",
            port=port,
            user="bi_reader",
            password=password,
            dbname="frontline",
            sslmode="disable",
        ) as bi:
            release = "select release_id from marts.release"
            assert bi.execute(release).fetchone() == ("R-cli-1",)
            busy = subprocess.run(
                [*SERVE, "--port", str(free_port())],
                cwd=PROJECT_DIR,
                env=os.environ | {"FRONTLINE_HOME": str(home)},
                capture_output=True,
                text=True,
            )
            assert busy.returncode == EXIT_BUSY
            assert "another frontline serve uses" in busy.stderr

            # a publish while the reader is connected, inside a transaction
            write_release(home / "releases", "R-cli-2", lambda duck: build_marts(duck, 4))
            serving.wait_for(r"swapped in release R-cli-2: 3 tables, 8 rows")
            assert bi.execute(release).fetchone() == ("R-cli-2",)
            assert bi.execute("select count(*) from fct_value").fetchone() == (4,)
    finally:
        serving.process.send_signal(signal.SIGTERM)
    returncode, output = serving.finish()
    assert returncode == 0, output
    assert output.splitlines()[-1].endswith("PostgreSQL stopped")
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
    assert password not in (home / "logs" / "serve.log").read_text()


def test_says_what_is_missing_in_one_line_and_exits_1(home):
    (home / "releases" / "latest").unlink(missing_ok=True)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        returncode, output = Serving(home, "--port", str(port), "--once").finish()
    assert returncode == 1
    assert f"cannot listen on 127.0.0.1:{port} (Address already in use)" in output
    returncode, output = Serving(home, "--port", str(free_port()), "--once").finish()
    assert returncode == 1
    assert "no release published yet in" in output.splitlines()[-2]
