-- ONS statistical nearest neighbours (demographic), one row per area and rank:
-- see macros/staging_shapes.sql.
{{ stg_ons_nearest_neighbours('demographic') }}
