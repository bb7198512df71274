data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# S3 -> SQS -> Lambda: notifications for incoming/, results written under transcoded/
resource "aws_s3_bucket" "media" {
  bucket = "media-fan-out"
}

resource "aws_sqs_queue" "jobs" {
  name = "media-jobs"
}

resource "aws_s3_bucket_notification" "media" {
  bucket = aws_s3_bucket.media.id
  queue {
    queue_arn     = aws_sqs_queue.jobs.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = "incoming/"
  }
}

resource "aws_iam_role" "transcode" {
  name               = "transcode"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "media"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [
        { Effect = "Allow", Action = ["sqs:ReceiveMessage", "sqs:DeleteMessage"], Resource = aws_sqs_queue.jobs.arn },
        { Effect = "Allow", Action = "s3:GetObject", Resource = "${aws_s3_bucket.media.arn}/incoming/*" },
        { Effect = "Allow", Action = "s3:PutObject", Resource = "${aws_s3_bucket.media.arn}/transcoded/*" },
      ]
    })
  }
}

resource "aws_lambda_function" "transcode" {
  function_name = "transcode"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.transcode.arn
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.transcode.arn
}
