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
  'parquet.compression'='SNAPPY'
)
