CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_identity_verifications`
(
  `verification_id` string COMMENT 'Our identifier of the verification attempt.',
  `doc_id` string COMMENT 'Uploaded document that was verified.',
  `decision` string COMMENT 'Final decision of the provider.',
  `decline_reason` string COMMENT 'Main reason for a declined or resubmission decision; null when approved.',
  `face_match` boolean COMMENT 'True when the selfie matched the document photo.',
  `user_id` string COMMENT 'Logged-in user.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_identity_verifications, fed by documents.identity_verified@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_identity_verifications/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='documents.identity_verified@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_identity_verifications/dt=${dt}/'
)
