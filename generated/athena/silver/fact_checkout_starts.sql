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
  'parquet.compression'='SNAPPY'
)
