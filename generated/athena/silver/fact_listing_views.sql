CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_listing_views`
(
  `view_id` string COMMENT 'Client-generated identifier of this page view.',
  `listing_id` string COMMENT 'Listing that was viewed.',
  `entry_point` string COMMENT 'Where the visitor came from.',
  `search_id` string COMMENT 'Search that led here when entry_point is search_results or map.',
  `result_slot` int COMMENT 'One-based slot of the listing in the search results; null when not from search.',
  `user_id` string COMMENT 'Logged-in user.',
  `anon_id` string COMMENT 'Anonymous ID.',
  `session_id` string COMMENT 'Session ID.',
  `city` string COMMENT 'City slug; drives row filters.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_listing_views, fed by funnel.listing_viewed@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_listing_views/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='funnel.listing_viewed@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_listing_views/dt=${dt}/'
)
