-- ONS statistical nearest neighbours (economic), one row per area and rank:
-- see macros/staging_shapes.sql.
{{ stg_ons_nearest_neighbours('economic') }}
