CREATE OR REPLACE VIEW "gold"."metabase_fact_searches" AS
SELECT
    "search_id",
    "query_length",
    "destination_city",
    "results_count",
    "guest_count",
    "price_max_minor",
    "user_id",
    "anon_id",
    "session_id",
    "occurred_at",
    "dt"
FROM "silver"."fact_searches"
