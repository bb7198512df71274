resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_apigatewayv2_api" "orders" {
  name          = "orders-http"
  protocol_type = "HTTP"
}

resource "aws_sns_topic" "alerts" {
  name = "alerts"
}

# fix:start
# a REST API: 5XXError and Latency, by ApiName
resource "aws_cloudwatch_metric_alarm" "orders_5xx" {
  alarm_name          = "${aws_api_gateway_rest_api.orders.name}-5xx"
  namespace           = "AWS/ApiGateway"
  metric_name         = "5XXError"
  dimensions          = { ApiName = aws_api_gateway_rest_api.orders.name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_metric_alarm" "orders_latency" {
  alarm_name          = "${aws_api_gateway_rest_api.orders.name}-latency"
  namespace           = "AWS/ApiGateway"
  metric_name         = "Latency"
  dimensions          = { ApiName = aws_api_gateway_rest_api.orders.name }
  extended_statistic  = "p99"
  period              = 60
  evaluation_periods  = 5
  threshold           = 3000
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

# an HTTP API: 5xx and Latency, by ApiId
resource "aws_cloudwatch_metric_alarm" "http_5xx" {
  alarm_name          = "${aws_apigatewayv2_api.orders.name}-5xx"
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = aws_apigatewayv2_api.orders.id }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_metric_alarm" "http_latency" {
  alarm_name          = "${aws_apigatewayv2_api.orders.name}-latency"
  namespace           = "AWS/ApiGateway"
  metric_name         = "Latency"
  dimensions          = { ApiId = aws_apigatewayv2_api.orders.id }
  extended_statistic  = "p99"
  period              = 60
  evaluation_periods  = 5
  threshold           = 3000
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}
# fix:end
