"""scripts/tree_memory.py adds up the resident memory of a command's whole process tree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / "scripts" / "tree_memory.py"
HOLD = "import sys, time; block = b'x' * ({mib} * 2**20); time.sleep(2)"


def test_the_peak_is_the_sum_of_the_processes_alive_together() -> None:
    # two grandchildren hold 300 and 200 MiB at once, under a shell that holds almost nothing
    shell = (
        f'{sys.executable} -c "{HOLD.format(mib=300)}" & '
        f'{sys.executable} -c "{HOLD.format(mib=200)}"; wait'
    )
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "bash", "-c", shell],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    peak = int(re.search(r"peak of the process tree ([\d,]+) MiB", run.stderr)[1].replace(",", ""))
    each = [
        int(m.replace(",", "")) for m in re.findall(r"^\s+([\d,]+) MiB  \d+ ", run.stderr, re.M)
    ]
    assert 500 <= peak < 600  # 300 + 200 MiB and two interpreters (about 10 MiB each)
    assert sorted(each[:2], reverse=True) == each[:2] and each[0] >= 300 and 200 <= each[1] < 300
