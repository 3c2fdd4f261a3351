CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_searches`
(
  `search_id` string COMMENT 'Client-generated identifier of this search.',
  `query_length` int COMMENT 'Length of the free-text query in characters; 0 for map or filter-only searches.',
  `destination_city` string COMMENT 'City slug the search was scoped to, if any.',
  `results_count` int COMMENT 'Total number of listings that matched.',
  `guest_count` int COMMENT 'Number of guests requested.',
  `price_max_minor` int COMMENT 'Upper nightly price bound in minor units.',
  `user_id` string COMMENT 'Logged-in user.',
  `anon_id` string COMMENT 'Anonymous ID.',
  `session_id` string COMMENT 'Session ID.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_searches, fed by funnel.search_performed@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_searches/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='funnel.search_performed@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_searches/dt=${dt}/'
)
