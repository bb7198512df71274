resource "aws_appsync_graphql_api" "catalog" {
  name                = "catalog"
  authentication_type = "API_KEY" # expect: ASY201
}

resource "aws_appsync_graphql_api" "keys" {
  name                = "keys"
  authentication_type = "API_KEY" # expect: ASY201
  additional_authentication_provider {
    authentication_type = "API_KEY"
  }
}
