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
  'parquet.compression'='SNAPPY'
)
