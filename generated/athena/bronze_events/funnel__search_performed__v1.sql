CREATE EXTERNAL TABLE IF NOT EXISTS `bronze_events`.`funnel__search_performed__v1`
(
  `meta` struct<`event`:string,`v`:bigint,`event_id`:string,`occurred_at`:string,`sent_at`:string,`source`:string,`request_id`:string,`signature`:string> COMMENT 'Routing, idempotency and integrity data set by the producer.',
  `context` struct<`user_id`:string,`anon_id`:string,`session_id`:string,`device`:struct<`ua_hash`:string,`os`:string,`app_version`:string>,`ids`:map<string,string>,`country`:string,`city`:string,`locale`:string> COMMENT 'Who and where; identifiers for stitching.',
  `payload` struct<`search_id`:string,`query_length`:int,`destination_city`:string,`results_count`:int,`page_number`:int,`sort_by`:string,`filters`:struct<`check_in_on`:string,`check_out_on`:string,`guest_count`:int,`price_max_minor`:int,`instant_book_only`:boolean,`amenities`:array<string>>>,
  `ingest` struct<`ingested_at`:string,`partition_key`:string,`privacy_tier`:string,`manifest_hash`:string,`schema_hash`:string> COMMENT 'Set by ingest: when and how the record reached bronze.'
)
COMMENT 'Bronze funnel.search_performed@1 as ingested (NDJSON). A visitor ran a listing search and the results page rendered. Emitted by the web and app SDKs once per results page. Only the query\'s length is sent, never the query text.'
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
LOCATION 's3://lakehouse-bronze/events/event=funnel.search_performed/v=1/'
TBLPROPERTIES (
  'classification'='json',
  'contract.sources'='funnel.search_performed@1',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'projection.hour.digits'='2',
  'projection.hour.range'='0,23',
  'projection.hour.type'='integer',
  'storage.location.template'='s3://lakehouse-bronze/events/event=funnel.search_performed/v=1/dt=${dt}/hour=${hour}/'
)
