CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_payments`
(
  `payment_intent_id` string COMMENT 'Stripe PaymentIntent ID; one row per successful intent.',
  `stripe_event_id` string COMMENT 'Stripe event ID the ingester deduplicates webhook retries on.',
  `booking_id` string COMMENT 'Booking paid for, taken from the intent\'s metadata.',
  `amount_minor` int COMMENT 'Captured amount in minor currency units.',
  `fee_minor` int COMMENT 'Stripe processing fee in minor units; null until the balance transaction settles.',
  `currency` string COMMENT 'ISO 4217 code of the charge.',
  `payment_method_kind` string COMMENT 'Family of the payment method used.',
  `user_id` string COMMENT 'Logged-in user.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_payments, fed by payments.payment_succeeded@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_payments/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='payments.payment_succeeded@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_payments/dt=${dt}/'
)
