# TODO(RM-21): one module per environment
resource "null_resource" "dev" {}
