"""The AWS services a rule speaks of: one name per service, declared once."""

from __future__ import annotations

from enum import Enum


class Service(Enum):
    """A service as users see it in ``slens rules --by service``, the docs index and SARIF tags.

    The value is the name AWS documentation gives the service, lower case without spaces
    (``eventbridge``, not the ``events`` API prefix; ``stepfunctions``, not ``states``); a service
    documented under a qualified API (``cognito-idp``, ``wafv2``, ``logs``) keeps that name, which
    the rules have always shown. ``slens`` is the review itself (its suppressions).
    """

    APIGATEWAY = "apigateway"
    APPSYNC = "appsync"
    CLOUDFORMATION = "cloudformation"
    CLOUDWATCH = "cloudwatch"
    CODEDEPLOY = "codedeploy"
    COGNITO = "cognito-idp"
    DYNAMODB = "dynamodb"
    EVENTBRIDGE = "eventbridge"
    IAM = "iam"
    KINESIS = "kinesis"
    KMS = "kms"
    LAMBDA = "lambda"
    LOGS = "logs"
    RDS = "rds"
    S3 = "s3"
    SECRETSMANAGER = "secretsmanager"
    SLENS = "slens"
    SNS = "sns"
    SQS = "sqs"
    STEPFUNCTIONS = "stepfunctions"
    WAF = "wafv2"
