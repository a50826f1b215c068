"""ONS Explore Local Statistics: text descriptions of the local authority clusters (JSON).

The file is one JSON object: cluster type ('global', 'economic', 'demographic') -> cluster code
('a'..'d', lower case as published) -> description. It lands as rows (cluster_type, cluster_code,
description), `_row_number` being the line of the file the description is on (1-based), so a row
can be found in the published file.
"""

from __future__ import annotations

import json
from pathlib import Path

from orchestration.raw.landing.csvfile import read_text
from orchestration.raw.landing.parsed import ParsedFile, RejectLog, rows_frame
from orchestration.raw.landing.shape import shape_error

COLUMNS = ["cluster_type", "cluster_code", "description"]


def _line_of(lines: list[str], key: str, start: int) -> int:
    """1-based number of the first line at or after `start` (0-based) that opens `"key":`."""
    needle = json.dumps(key) + ":"
    for index in range(start, len(lines)):
        if lines[index].lstrip().startswith(needle):
            return index + 1
    return 0


def parse(path: Path) -> ParsedFile:
    text = read_text(path)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise shape_error(path.name, None, f"not valid JSON: {error}") from error
    if not isinstance(document, dict) or not all(isinstance(v, dict) for v in document.values()):
        raise shape_error(
            path.name, None, "expected an object of cluster types, each an object of clusters"
        )

    lines = text.splitlines()
    rejects = RejectLog()
    kept: list[list[object]] = []
    for cluster_type, clusters in document.items():
        type_line = _line_of(lines, cluster_type, 0)
        for cluster_code, description in clusters.items():
            number = _line_of(lines, cluster_code, type_line)
            if not isinstance(description, str) or not description.strip():
                rejects.add(number, "description", str(description), "not a text description")
                continue
            kept.append([cluster_type, cluster_code, description, number])
    return ParsedFile(None, rows_frame(kept, [*COLUMNS, "_row_number"]), rejects.frame())
