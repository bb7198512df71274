# fix:start
resource "aws_api_gateway_stage" "prod" {
  # ...
  cache_cluster_enabled = true
  cache_cluster_size    = "0.5" # GB, billed per hour
}

# every GET method, keyed by path and query (per method: its own method_path)
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_stage.prod.rest_api_id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    caching_enabled      = true
    cache_ttl_in_seconds = 300
  }
}
# fix:end
