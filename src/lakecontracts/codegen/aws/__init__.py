"""AWS targets: Glue requests, Lake Formation policy, the CloudFormation template and its alarms."""
