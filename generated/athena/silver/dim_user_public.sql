CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`dim_user_public`
(
  `user_id` string COMMENT 'Opaque ID of the new account; equals context.user_id on this event.',
  `signup_method` string COMMENT 'How the account was created.',
  `account_role` string COMMENT 'Role chosen at signup.',
  `referral_channel` string COMMENT 'Acquisition channel attributed at signup; null when unattributed.',
  `signup_country` string COMMENT 'ISO 3166-1 alpha-2.',
  `signed_up_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver dim_user_public, fed by identity.user_signed_up@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/dim_user_public/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='identity.user_signed_up@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/dim_user_public/dt=${dt}/'
)
