CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`dim_dsar_tombstones`
(
  `request_id` string COMMENT 'Identifier of the DSAR request.',
  `subject_user_id_sha256` string COMMENT 'Salted SHA-256 of the data subject\'s user_id; the salt lives in the privacy vault.',
  `request_kind` string COMMENT 'GDPR right invoked.',
  `scope` string COMMENT 'Which data the request covers.',
  `requested_at` timestamp COMMENT 'When the subject made the request.',
  `deadline_on` date COMMENT 'Legal deadline, one month after the request unless extended.',
  `created_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver dim_dsar_tombstones, fed by privacy.dsar_tombstone_created@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/dim_dsar_tombstones/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='privacy.dsar_tombstone_created@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/dim_dsar_tombstones/dt=${dt}/'
)
