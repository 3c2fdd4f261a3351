CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_logins`
(
  `login_id` string COMMENT 'Identifier of this login.',
  `method` string COMMENT 'Authentication method used.',
  `mfa_used` boolean COMMENT 'True when a second factor was checked.',
  `is_new_device` boolean COMMENT 'True when the device hash was not seen for this user in 90 days.',
  `user_id` string COMMENT 'Logged-in user.',
  `anon_id` string COMMENT 'Anonymous ID.',
  `session_id` string COMMENT 'Session ID.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_logins, fed by identity.user_logged_in@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_logins/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='identity.user_logged_in@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_logins/dt=${dt}/'
)
