CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_bookings`
(
  `booking_id` string COMMENT 'Identifier of the booking.',
  `listing_id` string COMMENT 'Listing that was booked.',
  `leg_count` int COMMENT 'Number of legs (travellers) in the booking.',
  `total_amount_minor` int COMMENT 'Sum of all leg prices in minor currency units, taxes included.',
  `currency` string COMMENT 'ISO 4217 currency code.',
  `confirmed_via` string COMMENT 'How the booking became confirmed.',
  `user_id` string COMMENT 'Logged-in user.',
  `city` string COMMENT 'City slug; drives row filters.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_bookings, fed by booking.booking_confirmed@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_bookings/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='booking.booking_confirmed@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_bookings/dt=${dt}/'
)
