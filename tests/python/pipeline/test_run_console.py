"""What `frontline run` prints on a full successful run (the shared `rerun`): one progress line
per phase in the main job's order, dbt's node count now and then, not a line per step; and the
phase times it records for the next run's estimate."""

from __future__ import annotations

import json
import re

from orchestration.run_progress import PHASES

PROGRESS = re.compile(r"^\[ *(?:\d+h )?(?:\d+m )?\d+[sm]\] (?P<text>.*)$")


def test_a_full_run_shows_a_line_per_phase_and_records_its_phase_times(rerun):
    assert rerun.result.success, rerun.result.output
    progress = [
        match["text"]
        for line in rerun.result.output.splitlines()
        if (match := PROGRESS.match(line))
    ]
    phases = [re.split(r"[,:]", text)[0] for text in progress]
    first_lines = [phase for index, phase in enumerate(phases) if phase not in phases[:index]]

    assert first_lines == [*PHASES, "done"]
    assert len(progress) <= 25  # a line per phase and dbt's count every 30 s, not per step
    assert not any(line.startswith("raw__") for line in rerun.result.output.splitlines())
    recorded = json.loads((rerun.paths.home / "logs" / "phase_times.json").read_text())
    assert list(recorded) == list(PHASES)
    assert all(seconds > 0 for seconds in recorded.values())
