"""Publication: the last step of write-audit-publish (see ``release.py``)."""

from orchestration.publish.charts import write_charts
from orchestration.publish.latest import latest_release
from orchestration.publish.licence import licence_statement
from orchestration.publish.model import (
    CheckOutcome,
    PublicationBlocked,
    PublicationError,
    Release,
    SourceFile,
)
from orchestration.publish.release import publish_release

__all__ = [
    "CheckOutcome",
    "PublicationBlocked",
    "PublicationError",
    "Release",
    "SourceFile",
    "latest_release",
    "licence_statement",
    "publish_release",
    "write_charts",
]
