CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_privacy_resets`
(
  `reset_id` string COMMENT 'Identifier of this reset.',
  `action` string COMMENT 'What the visitor chose.',
  `previous_anon_id_sha256` string COMMENT 'Salted SHA-256 of the discarded anon_id, so the stitch can unlink it.',
  `reset_trigger` string COMMENT 'Where the reset was requested.',
  `anon_id` string COMMENT 'Anonymous ID.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_privacy_resets, fed by identity.privacy_reset@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_privacy_resets/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='identity.privacy_reset@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_privacy_resets/dt=${dt}/'
)
