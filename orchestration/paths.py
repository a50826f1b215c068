"""Where Frontline keeps its files.

Everything the pipeline writes lives under one home folder (``FRONTLINE_HOME``, default ``var/`` in
the project), so a test can point a whole run at a temporary directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_DIR / "data"


@dataclass(frozen=True)
class FrontlinePaths:
    home: Path
    data_dir: Path = DEFAULT_DATA_DIR

    @property
    def working_db(self) -> Path:
        """The read-write database the pipeline builds; analysts never open it."""
        return self.home / "warehouse.duckdb"

    @property
    def releases_dir(self) -> Path:
        return self.home / "releases"

    @property
    def published_db(self) -> Path:
        """The read-only database analysts and BI tools open: a relative symlink to
        ``../releases/latest/frontline.duckdb``, so it always names the release ``latest`` names,
        and a publish switches it by switching ``latest`` (see ``publish/latest.py``)."""
        return self.home / "published" / "frontline.duckdb"

    @property
    def drop_dir(self) -> Path:
        """The raw drop folder watched by the sensor: new street-level months land here."""
        return self.data_dir / "police" / "police_uk_street"

    @classmethod
    def from_env(cls) -> FrontlinePaths:
        home = Path(os.environ.get("FRONTLINE_HOME", PROJECT_DIR / "var"))
        data_dir = Path(os.environ.get("FRONTLINE_DATA_DIR", DEFAULT_DATA_DIR))
        return cls(home=home.resolve(), data_dir=data_dir.resolve())
