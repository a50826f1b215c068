"""How the raw layer tells a generated (synthetic) file from a published one.

A generator writes its files in the published format, unchanged, and beside each one a sidecar
``<file name>.synthetic.json`` saying what made it (generator, seed, sha256 of the real file it
was derived from). A file with a sidecar is synthetic: the load log records it, and a release
built from it is labelled synthetic and never becomes the default release. Existence decides,
not content, so a damaged or edited sidecar still errs on the safe side.
"""

from __future__ import annotations

from pathlib import Path

SIDECAR_SUFFIX = ".synthetic.json"


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.name + SIDECAR_SUFFIX)


def is_synthetic(path: Path) -> bool:
    return sidecar_path(path).is_file()
