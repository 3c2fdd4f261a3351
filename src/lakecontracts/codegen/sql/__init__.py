"""SQL targets: the dialects, the bronze/Silver Hive table model and the Athena DDL over it."""
