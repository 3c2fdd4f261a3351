CREATE DATABASE IF NOT EXISTS `silver`
COMMENT 'silver tables generated from the event contracts'
