data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# S3 -> SNS -> Lambda: the function may write anywhere in the bucket that notifies its topic
resource "aws_s3_bucket" "media" {
  bucket = "media-fan-out"
}

resource "aws_sns_topic" "uploaded" {
  name = "media-uploaded"
}

resource "aws_s3_bucket_notification" "media" {
  bucket = aws_s3_bucket.media.id
  topic {
    topic_arn = aws_sns_topic.uploaded.arn
    events    = ["s3:ObjectCreated:*"]
  }
}

resource "aws_iam_role" "transcode" {
  name               = "transcode"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "media"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "${aws_s3_bucket.media.arn}/*" }]
    })
  }
}

# expect: LAM309
resource "aws_lambda_function" "transcode" {
  function_name = "transcode"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.transcode.arn
}

resource "aws_sns_topic_subscription" "transcode" {
  topic_arn = aws_sns_topic.uploaded.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.transcode.arn
}
