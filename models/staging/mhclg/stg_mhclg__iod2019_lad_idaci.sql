-- English indices of deprivation 2019, File 10, sheet idaci: one row per 2019 district
-- (shared layout: see macros/staging_shapes.sql).
{{ stg_iod2019_domain_summary('idaci', 'idaci') }}
