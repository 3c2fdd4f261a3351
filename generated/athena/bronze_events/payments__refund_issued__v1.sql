CREATE EXTERNAL TABLE IF NOT EXISTS `bronze_events`.`payments__refund_issued__v1`
(
  `meta` struct<`event`:string,`v`:bigint,`event_id`:string,`occurred_at`:string,`sent_at`:string,`source`:string,`request_id`:string,`signature`:string> COMMENT 'Routing, idempotency and integrity data set by the producer.',
  `context` struct<`user_id`:string,`anon_id`:string,`session_id`:string,`device`:struct<`ua_hash`:string,`os`:string,`app_version`:string>,`ids`:map<string,string>,`country`:string,`city`:string,`locale`:string> COMMENT 'Who and where; identifiers for stitching.',
  `payload` struct<`refund_id`:string,`payment_intent_id`:string,`booking_id`:string,`amount_minor`:int,`currency`:string,`reason`:string,`initiated_by`:string,`is_full_refund`:boolean>,
  `ingest` struct<`ingested_at`:string,`partition_key`:string,`privacy_tier`:string,`manifest_hash`:string,`schema_hash`:string> COMMENT 'Set by ingest: when and how the record reached bronze.'
)
COMMENT 'Bronze payments.refund_issued@1 as ingested (NDJSON). A refund on a booking payment was created in Stripe. Emitted by the payments service when Stripe accepts the refund request, whether a guest, host or support agent triggered it.'
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
LOCATION 's3://lakehouse-bronze/events/event=payments.refund_issued/v=1/'
TBLPROPERTIES (
  'classification'='json',
  'contract.sources'='payments.refund_issued@1',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'projection.hour.digits'='2',
  'projection.hour.range'='0,23',
  'projection.hour.type'='integer',
  'storage.location.template'='s3://lakehouse-bronze/events/event=payments.refund_issued/v=1/dt=${dt}/hour=${hour}/'
)
