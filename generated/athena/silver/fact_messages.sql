CREATE EXTERNAL TABLE IF NOT EXISTS `silver`.`fact_messages`
(
  `message_id` string COMMENT 'Identifier of the message.',
  `thread_id` string COMMENT 'Conversation thread; the same value travels in context.ids.thread_id.',
  `booking_id` string COMMENT 'Booking the thread is about; null for pre-booking enquiries.',
  `sender_role` string COMMENT 'Role of the sender in the thread.',
  `char_count` int COMMENT 'Length of the message text in Unicode characters; the text itself is not sent.',
  `has_attachment` boolean COMMENT 'True when the message carries one or more attachments.',
  `reply_latency_seconds` int COMMENT 'Seconds since the other party\'s last message; null when there is none.',
  `user_id` string COMMENT 'Logged-in user.',
  `occurred_at` timestamp COMMENT 'When the fact happened.'
)
COMMENT 'Silver fact_messages, fed by messaging.message_sent@1.'
PARTITIONED BY (
  `dt` string COMMENT 'UTC date the event occurred (meta.occurred_at), YYYY-MM-DD.'
)
ROW FORMAT SERDE 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe'
WITH SERDEPROPERTIES (
  'serialization.format'='1'
)
STORED AS INPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat'
OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat'
LOCATION 's3://lakehouse-silver/fact_messages/'
TBLPROPERTIES (
  'classification'='parquet',
  'contract.sources'='messaging.message_sent@1',
  'parquet.compression'='SNAPPY',
  'projection.dt.format'='yyyy-MM-dd',
  'projection.dt.interval'='1',
  'projection.dt.interval.unit'='DAYS',
  'projection.dt.range'='2020-01-01,NOW+1DAYS',
  'projection.dt.type'='date',
  'projection.enabled'='true',
  'storage.location.template'='s3://lakehouse-silver/fact_messages/dt=${dt}/'
)
