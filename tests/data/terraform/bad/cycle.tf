locals {
  a = "x-${local.b}"
  b = "y-${local.a}"
}

resource "aws_sqs_queue" "q" {
  name = local.a
}
