CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_documents`
(
  `doc_id` string COMMENT 'Identifier of the document; the same value travels in context.ids.doc_id.',
  `doc_kind` string COMMENT 'What the user said the document is.',
  `mime_kind` string COMMENT 'Media type detected from the file bytes, not the declared one.',
  `size_bytes` int COMMENT 'File size in bytes; uploads are capped at 25 MiB.',
  `scan_status` string COMMENT 'Result of the malware scan at upload time.',
  `upload_channel` string COMMENT 'Where the user uploaded from.',
  `user_id` string COMMENT 'Logged-in user.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_documents, fed by documents.document_uploaded@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_documents/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='documents.document_uploaded@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_documents/dt=${dt}/'
)
