CREATE OR REPLACE VIEW "gold"."metabase_fact_checkout_completions" AS
SELECT
    "checkout_id",
    "booking_id",
    "paid_amount_minor",
    "currency",
    "payment_method_kind",
    "duration_seconds",
    "user_id",
    "anon_id",
    "session_id",
    "occurred_at",
    "dt"
FROM "silver"."fact_checkout_completions"
