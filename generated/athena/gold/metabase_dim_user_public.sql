CREATE OR REPLACE VIEW "gold"."metabase_dim_user_public" AS
SELECT
    "user_id",
    "signup_method",
    "account_role",
    "referral_channel",
    "signup_country",
    "signed_up_at",
    "dt"
FROM "silver"."dim_user_public"
