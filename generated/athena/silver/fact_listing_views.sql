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
  'parquet.compression'='SNAPPY'
)
