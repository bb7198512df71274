output "lambda_function_arn" {
  value = try(aws_lambda_function.this[0].arn, "")
}
