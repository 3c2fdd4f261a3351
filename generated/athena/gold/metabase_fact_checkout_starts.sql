CREATE OR REPLACE VIEW "gold"."metabase_fact_checkout_starts" AS
SELECT
    "checkout_id",
    "listing_id",
    "guest_count",
    "nights",
    "quoted_amount_minor",
    "currency",
    "user_id",
    "anon_id",
    "session_id",
    "occurred_at",
    "dt"
FROM "silver"."fact_checkout_starts"
