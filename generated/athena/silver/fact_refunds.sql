CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_refunds`
(
  `refund_id` string COMMENT 'Stripe refund ID.',
  `payment_intent_id` string COMMENT 'PaymentIntent being refunded.',
  `booking_id` string COMMENT 'Booking the refunded payment belongs to.',
  `amount_minor` int COMMENT 'Refunded amount in minor currency units; partial refunds are common.',
  `currency` string COMMENT 'ISO 4217 code of the refund.',
  `reason` string COMMENT 'Business reason recorded by whoever initiated the refund.',
  `initiated_by` string COMMENT 'Who triggered the refund.',
  `user_id` string COMMENT 'Logged-in user.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_refunds, fed by payments.refund_issued@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_refunds/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='payments.refund_issued@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_refunds/dt=${dt}/'
)
