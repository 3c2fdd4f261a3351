CREATE OR REPLACE VIEW "gold"."metabase_fact_bookings" AS
SELECT
    "booking_id",
    "listing_id",
    "leg_count",
    "total_amount_minor",
    "currency",
    "confirmed_via",
    "user_id",
    "city",
    "occurred_at",
    "dt"
FROM "silver"."fact_bookings"
