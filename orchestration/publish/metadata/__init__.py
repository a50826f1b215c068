"""Open-standard metadata of a release, written by the ``metadata`` attachment.

- ``csv/<table>.csv-metadata.json``: W3C CSV on the Web descriptions (``csvw.py``);
- ``datapackage.json``: a Frictionless tabular Data Package (``datapackage.py``);
- ``catalog.jsonld``: a DCAT catalogue in the DCAT-AP shape of ``dcat_ap_shapes.ttl``
  (``dcat.py``);
- ``ees/<name>.csv`` and ``ees/<name>.meta.csv``: Explore Education Statistics tidy files of the
  headline marts (``ees/``);
- ``changelog.json``: what changed since the previous release (``changelog.py``);
- ``PROVENANCE.md``: where every source file came from (``provenance.py``).

``METADATA`` ships the project's data/PROVENANCE.md; ``metadata_attachment(data_dir)`` ships
another data folder's. The order and the shared parts: ``attachment.py``, ``dataset.py``,
``columns.py``.
"""

from orchestration.paths import DEFAULT_DATA_DIR
from orchestration.publish.metadata.attachment import metadata_attachment, write_metadata

METADATA = metadata_attachment(DEFAULT_DATA_DIR)

__all__ = ["METADATA", "metadata_attachment", "write_metadata"]
