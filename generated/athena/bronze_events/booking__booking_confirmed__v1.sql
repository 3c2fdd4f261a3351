CREATE EXTERNAL TABLE IF NOT EXISTS `bronze_events`.`booking__booking_confirmed__v1`
(
  `meta` struct<`event`:string,`v`:bigint,`event_id`:string,`occurred_at`:string,`sent_at`:string,`source`:string,`request_id`:string,`signature`:string> COMMENT 'Routing, idempotency and integrity data set by the producer.',
  `context` struct<`user_id`:string,`anon_id`:string,`session_id`:string,`device`:struct<`ua_hash`:string,`os`:string,`app_version`:string>,`ids`:map<string,string>,`country`:string,`city`:string,`locale`:string> COMMENT 'Who and where; identifiers for stitching.',
  `payload` struct<`booking_id`:string,`listing_id`:string,`leg_count`:int,`total_amount_minor`:int,`currency`:string,`confirmed_via`:string,`lead_days`:int>,
  `ingest` struct<`ingested_at`:string,`partition_key`:string,`privacy_tier`:string,`manifest_hash`:string,`schema_hash`:string> COMMENT 'Set by ingest: when and how the record reached bronze.'
)
COMMENT 'Bronze booking.booking_confirmed@1 as ingested (NDJSON). A booking moved to confirmed: payment was captured and the host accepted. Emitted once per booking by the booking service; a booking that is later cancelled keeps this event.'
PARTITIONED BY (
  `dt` string COMMENT 'Ingest date, YYYY-MM-DD.',
  `hour` string COMMENT 'Ingest hour, HH.'
)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
WITH SERDEPROPERTIES (
  'ignore.malformed.json'='false'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
LOCATION 's3://lakehouse-bronze/events/event=booking.booking_confirmed/v=1/'
TBLPROPERTIES (
  'classification'='json',
  'contract.sources'='booking.booking_confirmed@1',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'projection.hour.digits'='2',
  'projection.hour.range'='0,23',
  'projection.hour.type'='integer',
  'storage.location.template'='s3://lakehouse-bronze/events/event=booking.booking_confirmed/v=1/dt=${dt}/hour=${hour}/'
)
