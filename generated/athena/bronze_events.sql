CREATE DATABASE IF NOT EXISTS `bronze_events`
COMMENT 'bronze tables generated from the event contracts'
