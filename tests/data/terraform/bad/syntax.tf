resource "aws_sqs_queue" "ok" {
  name = "ok"
}

resource "aws_sns_topic" "broken" {
  name = "broken
}
