CREATE OR REPLACE VIEW "gold"."metabase_fact_listing_views" AS
SELECT
    "view_id",
    "listing_id",
    "entry_point",
    "search_id",
    "result_slot",
    "user_id",
    "anon_id",
    "session_id",
    "city",
    "occurred_at",
    "dt"
FROM "silver"."fact_listing_views"
