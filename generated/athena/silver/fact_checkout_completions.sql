CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_checkout_completions`
(
  `checkout_id` string COMMENT 'Checkout attempt that completed.',
  `booking_id` string COMMENT 'Booking created by the checkout.',
  `paid_amount_minor` int COMMENT 'Amount authorised in minor units, after coupons.',
  `currency` string COMMENT 'ISO 4217 code of the payment.',
  `payment_method_kind` string COMMENT 'Family of the payment method chosen.',
  `duration_seconds` int COMMENT 'Seconds between checkout_started and completion.',
  `user_id` string COMMENT 'Logged-in user.',
  `anon_id` string COMMENT 'Anonymous ID.',
  `session_id` string COMMENT 'Session ID.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_checkout_completions, fed by funnel.checkout_completed@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_checkout_completions/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='funnel.checkout_completed@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_checkout_completions/dt=${dt}/'
)
