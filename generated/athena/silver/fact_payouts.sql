CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_payouts`
(
  `payout_id` string COMMENT 'Stripe payout ID.',
  `stripe_event_id` string COMMENT 'Stripe event ID the ingester deduplicates webhook retries on.',
  `connected_account_ref` string COMMENT 'Salted SHA-256 of the host\'s Stripe connected account ID (acct_...).',
  `amount_minor` bigint COMMENT 'Amount paid out in minor currency units.',
  `currency` string COMMENT 'ISO 4217 code of the payout.',
  `arrival_on` date COMMENT 'Date the bank reported the funds as arrived.',
  `payout_method` string COMMENT 'Stripe payout speed.',
  `host_user_id` string COMMENT 'Logged-in user.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_payouts, fed by payments.payout_paid@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_payouts/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='payments.payout_paid@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_payouts/dt=${dt}/'
)
