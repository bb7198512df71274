# S3 -> SQS -> Lambda: the bucket's name arrives in every message the function reads.
resource "aws_s3_bucket" "uploads" {
  bucket_prefix = "uploads"
}

resource "aws_sqs_queue" "jobs" {
  name_prefix = "jobs"
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  queue {
    queue_arn = aws_sqs_queue.jobs.arn
    events    = ["s3:ObjectCreated:*"]
  }
}

resource "aws_iam_role" "handler" {
  name_prefix = "handler"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_iam_role_policy" "handler" {
  role = aws_iam_role.handler.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject"], Resource = "${aws_s3_bucket.uploads.arn}/*" },
      { Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
      Resource = aws_sqs_queue.jobs.arn },
    ]
  })
}

resource "aws_lambda_function" "handler" {
  function_name = "handler"
  role          = aws_iam_role.handler.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "handler.zip"
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.handler.arn
}
