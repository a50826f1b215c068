"""The report-card website a release carries (``site/`` in the release folder): plain HTML and
CSS with a small script for search, no server and nothing fetched from the network, so it works
from ``file://`` and from any static host.

- ``site/index.html``: search by organisation name, place or code over a prebuilt index
  (``site/search-index.js``, also as ``site/search-index.json``), and lists of links per kind of
  organisation for readers without JavaScript;
- ``site/org/<code>.html``: one page per organisation (councils, police forces, NHS trusts,
  schools, prisons): every indicator's latest period against its peers, the release's charts
  highlighted on it, earlier periods, the report card's and the levers' sentences, its peers and
  why, and the CSV row behind every number (``../../csv/<table>.csv#row=N``, RFC 7111);
- ``site/area/<code>.html``: one page per area, its organisations side by side, with mentoring
  pairs and value-for-money-gated ratings;
- ``site/indicator/<code>.html``: definition, polarity, source, licence, method, caveats, charts
  and data tables per period;
- ``site/changes.html`` when the release has a ``changelog.json``; ``site/data.html``: the files,
  sources and licences.

One module per job: ``marts`` and ``site_data`` read, ``*_pages`` assemble each kind of page,
``render`` draws them from ``templates/``, ``search_index`` builds the index, ``writer`` writes
and lists the files. Runs after the charts (it embeds them) and the metadata (it shows the change
log): ``attachments=[CHARTS, METADATA, SITE]``.
"""

from orchestration.publish.attachment import Attachment
from orchestration.publish.site.writer import write_site

# the site as a release attachment (listed in the manifest under "site")
SITE = Attachment("site", write_site)

__all__ = ["SITE", "write_site"]
