locals {
  rest_metrics = ["5XXError", "Latency"]
  http_metrics = ["5xx", "Latency"]
}

resource "aws_api_gateway_rest_api" "orders" {
  name = "orders"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_api" "chat" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_cloudwatch_metric_alarm" "orders_5xx" {
  alarm_name          = "orders-5xx"
  namespace           = "AWS/ApiGateway"
  metric_name         = "5XXError"
  dimensions          = { ApiName = aws_api_gateway_rest_api.orders.name }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}

resource "aws_cloudwatch_metric_alarm" "orders_latency" {
  alarm_name          = "orders-latency"
  namespace           = "AWS/ApiGateway"
  metric_name         = "Latency"
  dimensions          = { ApiName = "orders" }
  extended_statistic  = "p99"
  period              = 60
  evaluation_periods  = 5
  threshold           = 2000
  comparison_operator = "GreaterThanThreshold"
}

resource "aws_cloudwatch_metric_alarm" "http_5xx" {
  alarm_name          = "http-5xx"
  namespace           = "AWS/ApiGateway"
  metric_name         = "5xx"
  dimensions          = { ApiId = aws_apigatewayv2_api.http.id }
  statistic           = "Sum"
  period              = 60
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
}

# a metric-math alarm counts too
resource "aws_cloudwatch_metric_alarm" "http_latency" {
  alarm_name          = "http-latency"
  evaluation_periods  = 5
  threshold           = 2000
  comparison_operator = "GreaterThanThreshold"
  metric_query {
    id          = "slow"
    expression  = "latency"
    return_data = true
  }
  metric_query {
    id = "latency"
    metric {
      namespace   = "AWS/ApiGateway"
      metric_name = "Latency"
      dimensions  = { ApiId = aws_apigatewayv2_api.http.id }
      period      = 60
      stat        = "p90"
    }
  }
}
