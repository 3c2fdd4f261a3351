CREATE EXTERNAL TABLE IF NOT EXISTS `bronze_events`.`documents__document_uploaded__v1`
(
  `meta` struct<`event`:string,`v`:bigint,`event_id`:string,`occurred_at`:string,`sent_at`:string,`source`:string,`request_id`:string,`signature`:string> COMMENT 'Routing, idempotency and integrity data set by the producer.',
  `context` struct<`user_id`:string,`anon_id`:string,`session_id`:string,`device`:struct<`ua_hash`:string,`os`:string,`app_version`:string>,`ids`:map<string,string>,`country`:string,`city`:string,`locale`:string> COMMENT 'Who and where; identifiers for stitching.',
  `payload` struct<`doc_id`:string,`doc_kind`:string,`mime_kind`:string,`size_bytes`:int,`page_count`:int,`scan_status`:string,`upload_channel`:string,`booking_id`:string>,
  `ingest` struct<`ingested_at`:string,`partition_key`:string,`privacy_tier`:string,`manifest_hash`:string,`schema_hash`:string> COMMENT 'Set by ingest: when and how the record reached bronze.'
)
COMMENT 'Bronze documents.document_uploaded@1 as ingested (NDJSON). A user uploaded a document (identity, host licence or damage evidence) and the document service stored it in S3. Emitted after storage and the first malware scan; file contents and file names never appear in the event.'
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
LOCATION 's3://lakehouse-bronze/events/event=documents.document_uploaded/v=1/'
TBLPROPERTIES (
  'classification'='json',
  'contract.sources'='documents.document_uploaded@1',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'projection.hour.digits'='2',
  'projection.hour.range'='0,23',
  'projection.hour.type'='integer',
  'storage.location.template'='s3://lakehouse-bronze/events/event=documents.document_uploaded/v=1/dt=${dt}/hour=${hour}/'
)
