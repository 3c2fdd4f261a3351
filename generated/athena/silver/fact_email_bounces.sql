CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_email_bounces`
(
  `ses_message_id` string COMMENT 'SES message ID of the bounced email.',
  `recipient_sha256` string COMMENT 'Salted SHA-256 of the lower-cased recipient address.',
  `bounce_type` string COMMENT 'SES bounce type.',
  `bounce_subtype` string COMMENT 'SES bounce subtype, lower-cased with underscores.',
  `template_key` string COMMENT 'Internal key of the email template that was sent.',
  `user_id` string COMMENT 'Logged-in user.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_email_bounces, fed by messaging.email_bounced@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_email_bounces/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='messaging.email_bounced@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_email_bounces/dt=${dt}/'
)
