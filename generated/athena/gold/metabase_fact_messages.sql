CREATE OR REPLACE VIEW "gold"."metabase_fact_messages" AS
SELECT
    "message_id",
    "thread_id",
    "booking_id",
    "sender_role",
    "char_count",
    "has_attachment",
    "reply_latency_seconds",
    "user_id",
    "occurred_at",
    "dt"
FROM "silver"."fact_messages"
