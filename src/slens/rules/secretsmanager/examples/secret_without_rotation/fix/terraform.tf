data "aws_region" "current" {}

# fix:start
# the rotation function of AWS's template for the database engine (Serverless Application
# Repository), and a schedule
resource "aws_serverlessapplicationrepository_cloudformation_stack" "db_rotation" {
  name           = "db-rotation"
  application_id = "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationSingleUser"
  capabilities   = ["CAPABILITY_IAM", "CAPABILITY_RESOURCE_POLICY"]
  parameters = {
    endpoint     = "https://secretsmanager.${data.aws_region.current.region}.amazonaws.com"
    functionName = "db-rotation"
  }
}

resource "aws_secretsmanager_secret" "db" {
  # ...
}

resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id           = aws_secretsmanager_secret.db.id
  rotation_lambda_arn = aws_serverlessapplicationrepository_cloudformation_stack.db_rotation.outputs["RotationLambdaARN"]
  rotation_rules {
    automatically_after_days = 30
  }
}
# fix:end
