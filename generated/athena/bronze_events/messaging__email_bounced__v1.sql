CREATE EXTERNAL TABLE IF NOT EXISTS `bronze_events`.`messaging__email_bounced__v1`
(
  `meta` struct<`event`:string,`v`:bigint,`event_id`:string,`occurred_at`:string,`sent_at`:string,`source`:string,`request_id`:string,`signature`:string> COMMENT 'Routing, idempotency and integrity data set by the producer.',
  `context` struct<`user_id`:string,`anon_id`:string,`session_id`:string,`device`:struct<`ua_hash`:string,`os`:string,`app_version`:string>,`ids`:map<string,string>,`country`:string,`city`:string,`locale`:string> COMMENT 'Who and where; identifiers for stitching.',
  `payload` struct<`ses_message_id`:string,`recipient_sha256`:string,`bounce_type`:string,`bounce_subtype`:string,`template_key`:string,`diagnostic_code_class`:string>,
  `ingest` struct<`ingested_at`:string,`partition_key`:string,`privacy_tier`:string,`manifest_hash`:string,`schema_hash`:string> COMMENT 'Set by ingest: when and how the record reached bronze.'
)
COMMENT 'Bronze messaging.email_bounced@1 as ingested (NDJSON). Amazon SES reported that a transactional email bounced. Produced by the SES notification ingester (meta.source ses); the recipient address is replaced by a salted hash on ingest.'
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
LOCATION 's3://lakehouse-bronze/events/event=messaging.email_bounced/v=1/'
TBLPROPERTIES (
  'classification'='json',
  'contract.sources'='messaging.email_bounced@1',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'projection.hour.digits'='2',
  'projection.hour.range'='0,23',
  'projection.hour.type'='integer',
  'storage.location.template'='s3://lakehouse-bronze/events/event=messaging.email_bounced/v=1/dt=${dt}/hour=${hour}/'
)
