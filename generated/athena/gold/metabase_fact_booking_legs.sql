CREATE OR REPLACE VIEW "gold"."metabase_fact_booking_legs" AS
SELECT
    "leg_id",
    "booking_id",
    "amount_minor",
    "currency",
    "status",
    "user_id",
    "occurred_at",
    "dt"
FROM "silver"."fact_booking_legs"
