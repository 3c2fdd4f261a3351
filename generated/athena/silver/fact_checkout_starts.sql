CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_checkout_starts`
(
  `checkout_id` string COMMENT 'Identifier of the checkout attempt.',
  `listing_id` string COMMENT 'Listing being booked.',
  `guest_count` int COMMENT 'Number of travellers in the quote.',
  `nights` int COMMENT 'Number of nights in the quote.',
  `quoted_amount_minor` int COMMENT 'Total quoted price in minor units, fees and taxes included.',
  `currency` string COMMENT 'ISO 4217 code of the quote.',
  `user_id` string COMMENT 'Logged-in user.',
  `anon_id` string COMMENT 'Anonymous ID.',
  `session_id` string COMMENT 'Session ID.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_checkout_starts, fed by funnel.checkout_started@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_checkout_starts/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='funnel.checkout_started@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_checkout_starts/dt=${dt}/'
)
