"""More Terraform AWS resource types (identity, deployment, scaling, secrets, WAF, usage plans)."""

from __future__ import annotations

from slens.loaders.terraform.buckets import BUCKET_TYPES
from slens.loaders.terraform.mapping import Post, Spans, Spec, Sub, translate
from slens.loaders.terraform.objects import Obj
from slens.loaders.terraform.spantable import SpanTable
from slens.model import Value


def _alarm_names(value: Value) -> Value:
    """``alarms = ["a", "b"]`` -> CloudFormation's ``[{Name: a}, {Name: b}]``."""
    if isinstance(value, list):
        return [{"Name": item} for item in value]
    return value


_PASSWORD_POLICY: Spec = {
    "minimum_length": "MinimumLength", "require_lowercase": "RequireLowercase",
    "require_numbers": "RequireNumbers", "require_symbols": "RequireSymbols",
    "require_uppercase": "RequireUppercase",
    "temporary_password_validity_days": "TemporaryPasswordValidityDays",
}


def _user_pool_post(obj: Obj, props: dict[str, Value], spans: Spans) -> None:
    """``password_policy`` is CloudFormation's ``Policies.PasswordPolicy``."""
    block = obj.block("password_policy")
    if block is None:
        return
    at = ("Policies", "PasswordPolicy")
    policy, policy_spans = translate(block, _PASSWORD_POLICY, at, SpanTable())
    props["Policies"] = {"PasswordPolicy": policy}
    spans.update(policy_spans)
    spans[("Policies",)] = spans[at] = block.span


USER_POOL: Spec = {
    "name": "UserPoolName", "mfa_configuration": "MfaConfiguration", "deletion_protection": "DeletionProtection",
    "username_attributes": "UsernameAttributes", "auto_verified_attributes": "AutoVerifiedAttributes",
}

USAGE_PLAN: Spec = {
    "name": "UsagePlanName", "description": "Description",
    "throttle_settings": Sub("Throttle", {"burst_limit": "BurstLimit", "rate_limit": "RateLimit"}),
    "quota_settings": Sub("Quota", {"limit": "Limit", "offset": "Offset", "period": "Period"}),
    "api_stages": Sub("ApiStages", {"api_id": "ApiId", "stage": "Stage"}, True),
}

DEPLOYMENT_GROUP: Spec = {
    "app_name": "ApplicationName", "deployment_group_name": "DeploymentGroupName",
    "deployment_config_name": "DeploymentConfigName", "service_role_arn": "ServiceRoleArn",
    "alarm_configuration": Sub("AlarmConfiguration", {"alarms": ("Alarms", _alarm_names), "enabled": "Enabled",
                                                      "ignore_poll_alarm_failure": "IgnorePollAlarmFailure"}),
    "auto_rollback_configuration": Sub("AutoRollbackConfiguration", {"enabled": "Enabled", "events": "Events"}),
}

SECRET: Spec = {"name": "Name", "name_prefix": "Name", "description": "Description", "kms_key_id": "KmsKeyId"}

ROTATION: Spec = {
    "secret_id": "SecretId", "rotation_lambda_arn": "RotationLambdaARN",
    "rotation_rules": Sub("RotationRules", {"automatically_after_days": "AutomaticallyAfterDays",
                                            "schedule_expression": "ScheduleExpression", "duration": "Duration"}),
}

SCALABLE_TARGET: Spec = {
    "service_namespace": "ServiceNamespace", "resource_id": "ResourceId", "scalable_dimension": "ScalableDimension",
    "min_capacity": "MinCapacity", "max_capacity": "MaxCapacity", "role_arn": "RoleARN",
}

# terraform type -> (CloudFormation type, property spec, post-processing), beside ``mapping.TYPES``
MORE_TYPES: dict[str, tuple[str, Spec, Post | None]] = {
    "aws_cognito_user_pool": ("AWS::Cognito::UserPool", USER_POOL, _user_pool_post),
    "aws_api_gateway_usage_plan": ("AWS::ApiGateway::UsagePlan", USAGE_PLAN, None),
    "aws_api_gateway_api_key": ("AWS::ApiGateway::ApiKey", {"name": "Name", "enabled": "Enabled",
                                                            "value": "Value"}, None),
    "aws_api_gateway_usage_plan_key": ("AWS::ApiGateway::UsagePlanKey", {
        "key_id": "KeyId", "key_type": "KeyType", "usage_plan_id": "UsagePlanId"}, None),
    "aws_api_gateway_request_validator": ("AWS::ApiGateway::RequestValidator", {
        "rest_api_id": "RestApiId", "name": "Name", "validate_request_body": "ValidateRequestBody",
        "validate_request_parameters": "ValidateRequestParameters"}, None),
    "aws_wafv2_web_acl": ("AWS::WAFv2::WebACL", {"name": "Name", "scope": "Scope", "description": "Description"},
                          None),
    "aws_wafv2_web_acl_association": ("AWS::WAFv2::WebACLAssociation", {
        "resource_arn": "ResourceArn", "web_acl_arn": "WebACLArn"}, None),
    "aws_secretsmanager_secret": ("AWS::SecretsManager::Secret", SECRET, None),
    "aws_secretsmanager_secret_rotation": ("AWS::SecretsManager::RotationSchedule", ROTATION, None),
    "aws_codedeploy_app": ("AWS::CodeDeploy::Application", {"name": "ApplicationName",
                                                            "compute_platform": "ComputePlatform"}, None),
    "aws_codedeploy_deployment_group": ("AWS::CodeDeploy::DeploymentGroup", DEPLOYMENT_GROUP, None),
    "aws_lambda_code_signing_config": ("AWS::Lambda::CodeSigningConfig", {"description": "Description"}, None),
    "aws_appautoscaling_target": ("AWS::ApplicationAutoScaling::ScalableTarget", SCALABLE_TARGET, None),
    "aws_iam_user": ("AWS::IAM::User", {"name": "UserName", "path": "Path"}, None),
    "aws_iam_access_key": ("AWS::IAM::AccessKey", {"user": "UserName", "status": "Status"}, None),
    "aws_cloudwatch_composite_alarm": ("AWS::CloudWatch::CompositeAlarm", {
        "alarm_name": "AlarmName", "alarm_rule": "AlarmRule", "alarm_actions": "AlarmActions",
        "ok_actions": "OKActions", "actions_enabled": "ActionsEnabled"}, None),
    **BUCKET_TYPES,
}
