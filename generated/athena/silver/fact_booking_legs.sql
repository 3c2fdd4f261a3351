CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_booking_legs`
(
  `leg_id` string COMMENT 'Identifier of the leg.',
  `booking_id` string COMMENT 'Booking the leg belongs to.',
  `amount_minor` int COMMENT 'Leg price in minor currency units (cents for EUR), taxes included.',
  `currency` string COMMENT 'ISO 4217 currency code.',
  `status` string COMMENT 'Leg state when the leg was created; `confirmed` replaces v1\'s `booked`.',
  `user_id` string COMMENT 'Logged-in user.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_booking_legs, fed by booking.leg_created@1, booking.leg_created@2.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_booking_legs/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='booking.leg_created@1,booking.leg_created@2',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_booking_legs/dt=${dt}/'
)
