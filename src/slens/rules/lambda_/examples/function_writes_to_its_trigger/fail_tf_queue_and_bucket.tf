resource "aws_sqs_queue" "jobs" {
  name = "jobs"
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "worker" {
  name               = "worker"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "requeue"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:Send*"]
        Resource = aws_sqs_queue.jobs.arn
      }]
    })
  }
}

# expect: LAM309
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.worker.arn
}

resource "aws_lambda_event_source_mapping" "jobs" {
  event_source_arn = aws_sqs_queue.jobs.arn
  function_name    = aws_lambda_function.worker.arn
}

# writes its thumbnails into the prefix that triggers it
resource "aws_s3_bucket" "photos" {
  bucket_prefix = "photos-"
}

resource "aws_iam_role" "thumbnail" {
  name               = "thumbnail"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  inline_policy {
    name = "photos"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "${aws_s3_bucket.photos.arn}/uploads/*"
      }]
    })
  }
}

# expect: LAM309
resource "aws_lambda_function" "thumbnail" {
  function_name = "thumbnail"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = aws_iam_role.thumbnail.arn
}

resource "aws_s3_bucket_notification" "photos" {
  bucket = aws_s3_bucket.photos.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.thumbnail.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "uploads/"
  }
}
