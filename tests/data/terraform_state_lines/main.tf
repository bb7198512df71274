# Step Functions definitions written every way Terraform allows: each state's findings point at the state.
resource "aws_lambda_function" "charge" {
  function_name = "charge"
  runtime       = "python3.13"
  handler       = "app.handler"
  role          = "arn:aws:iam::123456789012:role/charge"
}

variable "arns" {
  default = { charge = "arn:aws:lambda:us-east-1:123456789012:function:charge" }
}

resource "aws_sfn_state_machine" "heredoc" {
  name     = "heredoc"
  role_arn = "arn:aws:iam::123456789012:role/flow"
  definition = <<EOF
{
  "Comment": "interpolations with quotes, commas and braces, and one over two lines",
  "StartAt": "HeredocA",
  "States": {
    "HeredocA": {
      "Type": "Task",
      "Resource": "${lookup(var.arns, "charge", "{,}")}",
      "Next": "HeredocB"
    },
    "HeredocB": {"Type": "Task", "Resource": "${aws_lambda_function.charge.arn}", "Parameters": {"x": "${
      aws_lambda_function.charge.function_name}"}, "Next": "HeredocC"},
    "HeredocC": {"Type": "Task", "Resource": "${aws_lambda_function.charge.arn}", "End": true}
  }
}
EOF
}

resource "aws_sfn_state_machine" "indented" {
  name     = "indented"
  role_arn = "arn:aws:iam::123456789012:role/flow"
  definition = <<-EOT
    {
      "StartAt": "IndentedA",
      "States": {
        "IndentedA": {"Type": "Task", "Resource": "${aws_lambda_function.charge.arn}", "End": true}
      }
    }
  EOT
}

resource "aws_sfn_state_machine" "encoded" {
  name     = "encoded"
  role_arn = "arn:aws:iam::123456789012:role/flow"
  definition = jsonencode({
    StartAt = "EncodedA"
    States = {
      EncodedA = {
        Type     = "Task"
        Resource = aws_lambda_function.charge.arn
        End      = true
      }
    }
  })
}

resource "aws_sfn_state_machine" "templated" {
  name       = "templated"
  role_arn   = "arn:aws:iam::123456789012:role/flow"
  definition = templatefile("${path.module}/templated.asl.json", { charge_arn = aws_lambda_function.charge.arn })
}

resource "aws_sfn_state_machine" "filed" {
  name       = "filed"
  role_arn   = "arn:aws:iam::123456789012:role/flow"
  definition = file("${path.module}/filed.asl.json")
}

locals {
  shared = <<EOF
{"StartAt": "SharedA", "States": {
  "SharedA": {"Type": "Task", "Resource": "${aws_lambda_function.charge.arn}", "End": true}}}
EOF
}

resource "aws_sfn_state_machine" "shared_one" {
  name       = "shared-one"
  role_arn   = "arn:aws:iam::123456789012:role/flow"
  definition = local.shared
}

resource "aws_sfn_state_machine" "shared_two" {
  name       = "shared-two"
  role_arn   = "arn:aws:iam::123456789012:role/flow"
  definition = local.shared
}

locals {
  states = { RenderedA = { Type = "Task", Resource = "arn:aws:lambda:us-east-1:123456789012:function:x", End = true } }
}

# the states come from an interpolation: the heredoc does not show them, its States key is where they are
resource "aws_sfn_state_machine" "rendered" {
  name     = "rendered"
  role_arn = "arn:aws:iam::123456789012:role/flow"
  definition = <<EOF
{
  "StartAt": "RenderedA",
  "States": ${jsonencode(local.states)}
}
EOF
}
