variable "name" {
  type = string
}

variable "timeout" {
  default = 10
}

resource "aws_sqs_queue" "this" {
  name                       = var.name
  visibility_timeout_seconds = var.timeout
}

output "arn" {
  value = aws_sqs_queue.this.arn
}
