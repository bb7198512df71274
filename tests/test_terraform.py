"""Terraform configurations and plans load into the same graph as CloudFormation, with rules firing on them."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from slens.engine import run_rules
from slens.kinds import ErrorKind, NoticeKind
from slens.loaders import Loaded, load_file
from slens.loaders.terraform import is_plan, load_module, load_module_stats, load_plan
from slens.model import Composite, Graph, Ref, Unknown
from slens.model.alarms import alarms_for_metric
from slens.model.iam import managed_policy_arns
from slens.rules import load_catalogue

from .conftest import SHARED

DATA = Path(__file__).resolve().parent / "data" / "terraform"
CORPUS = SHARED / "corpus" / "terraform"


def _load(directory: Path, project_root: str | None = None) -> Loaded:
    files = sorted(str(p) for p in directory.glob("*.tf"))
    names = {f: f"{directory.name}/{os.path.basename(f)}" for f in files}
    loaded, _ = load_module_stats(files, names, project_root=project_root or str(DATA))
    return loaded


def _graph(loaded: Loaded) -> Graph:
    assert loaded.graph is not None, loaded.problems
    return loaded.graph


def _tf(tmp_path: Path, text: str, name: str = "main.tf") -> Loaded:
    path = tmp_path / name
    path.write_text(text)
    return load_module([str(path)], {str(path): name})


def test_resources_are_named_by_address_and_typed_in_cloudformation() -> None:
    loaded = _load(DATA / "app")
    assert not loaded.problems
    assert loaded.dialect == "terraform"
    graph = _graph(loaded)
    fn = graph.resources["aws_lambda_function.worker"]
    assert fn.type == "AWS::Lambda::Function"
    assert fn.origin.type == "aws_lambda_function" and fn.origin.label == "aws_lambda_function.worker"
    assert fn.properties["FunctionName"] == "shop-prod-worker"
    assert fn.prop("TracingConfig", "Mode") == "Active"
    assert fn.prop("Environment", "Variables", "TABLE") == Ref("aws_dynamodb_table.orders")
    assert fn.span.file == "app/main.tf" and fn.span.line == 41
    assert fn.span_of(("TracingConfig", "Mode")).line == 49
    assert fn.span_of(("Timeout",)).line == 47
    assert "aws_vpc.main" not in graph.resources  # unmapped types stay out of the graph
    queue = graph.resources["aws_sqs_queue.jobs"]
    assert queue.prop("RedrivePolicy", "maxReceiveCount") == 5
    role = graph.resources["aws_iam_role.worker"]
    assert role.prop("AssumeRolePolicyDocument", "Statement", 0, "Principal") == {
        "Service": ["lambda.amazonaws.com"]}


def test_references_become_relations() -> None:
    graph = _graph(_load(DATA / "app"))
    fn = graph.resources["aws_lambda_function.worker"]
    role = graph.role_of(fn)
    assert role is not None and role.logical_id == "aws_iam_role.worker"
    sources = {t.source.logical_id for t in graph.triggers(fn) if t.source is not None}
    assert sources == {"aws_sqs_queue.jobs", "aws_dynamodb_table.orders", "aws_sfn_state_machine.checkout"}
    queue = graph.resources["aws_sqs_queue.jobs"]
    assert [e.target.logical_id for e in graph.failure_targets(queue)] == ["aws_sqs_queue.jobs_dlq"]
    assert [g.logical_id for g in graph.log_groups_of(fn)] == ["aws_cloudwatch_log_group.worker"]
    alarms = alarms_for_metric(graph, fn, "Errors")
    assert [a.logical_id for a in alarms] == ["aws_cloudwatch_metric_alarm.worker_errors"]
    policies = graph.attached_policies(role)
    assert [p.logical_id for p in policies] == ["aws_iam_role_policy.worker"]
    statement = graph.statements(role)[0]
    assert statement.actions == ("sqs:*",) and statement.resource_refs == (Ref("aws_sqs_queue.jobs", "Arn"),)


def test_variables_without_defaults_are_unknown_and_defaults_and_locals_resolve() -> None:
    graph = _graph(_load(DATA / "app"))
    alarm = graph.resources["aws_cloudwatch_metric_alarm.worker_errors"]
    actions = alarm.prop("AlarmActions")
    assert isinstance(actions, list) and isinstance(actions[0], Unknown)
    assert "alarm_topic" in actions[0].reason
    assert alarm.prop("AlarmName") == "shop-prod-worker-errors"
    group = graph.resources["aws_cloudwatch_log_group.worker"]
    assert group.prop("LogGroupName") == Composite(("/aws/lambda/", Ref("aws_lambda_function.worker")))


def test_tfvars_override_defaults(tmp_path: Path) -> None:
    (tmp_path / "terraform.tfvars").write_text('stage = "dev"\n')
    loaded = _tf(tmp_path, 'variable "stage" {\n  default = "prod"\n}\n'
                           'resource "aws_sqs_queue" "q" {\n  name = "q-${var.stage}"\n}\n')
    assert _graph(loaded).resources["aws_sqs_queue.q"].prop("QueueName") == "q-dev"


def test_local_modules_are_expanded_and_registry_modules_noted() -> None:
    loaded = _load(DATA / "modules")
    graph = _graph(loaded)
    queue = graph.resources["module.queue.aws_sqs_queue.this"]
    assert queue.prop("QueueName") == "orders" and queue.prop("VisibilityTimeout") == 30
    assert queue.span.file == "modules/modules/queue/main.tf" and queue.span.line == 9
    fn = graph.resources["aws_lambda_function.consumer"]
    assert [c.logical_id for c in graph.consumers(queue)] == [fn.logical_id]
    remote = fn.prop("Environment", "Variables", "REMOTE")
    assert isinstance(remote, Unknown) and "cannot be read offline" in remote.reason
    # not downloaded (no .terraform/modules): not the configuration's fault, so a note and no problem
    assert loaded.problems == []
    [note] = loaded.notes
    assert note.kind is NoticeKind.REMOTE_MODULE and note.file == "modules/main.tf" and note.line == 11
    assert "module remote (source terraform-aws-modules/lambda/aws) is not reviewed" in note.message
    assert "terraform init" in note.message


def test_module_outside_the_project_is_a_note(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    main = project / "main.tf"
    main.write_text('module "x" {\n  source = "../elsewhere"\n}\nresource "aws_sns_topic" "t" {}\n')
    loaded, _ = load_module_stats([str(main)], {str(main): "main.tf"}, project_root=str(project))
    # slens's own boundary, not the configuration's mistake: a note, not a problem
    assert loaded.problems == [] and [(n.kind, n.line, n.file) for n in loaded.notes] == [
        (NoticeKind.OUTSIDE_PROJECT, 1, "main.tf")]
    assert "outside the project" in loaded.notes[0].message
    assert list(_graph(loaded).resources) == ["aws_sns_topic.t"]


def test_syntax_error_is_a_problem_with_its_line() -> None:
    loaded = _load(DATA / "bad")
    messages = [(p.kind, p.line, p.message) for p in loaded.problems]
    assert (ErrorKind.PARSE, 6, "bad/syntax.tf:6: HCL syntax error: unexpected end of file") in messages
    assert "aws_sqs_queue.q" in _graph(loaded).resources  # the other file still loads


def test_cyclic_locals_are_reported_once_and_unknown() -> None:
    path = DATA / "bad" / "cycle.tf"
    loaded = load_module([str(path)], {str(path): "cycle.tf"})
    cycles = [p for p in loaded.problems if "cyclic reference" in p.message]
    assert len(cycles) == 1 and cycles[0].line in (2, 3)
    assert "local.a" in cycles[0].message and "local.b" in cycles[0].message
    assert isinstance(_graph(loaded).resources["aws_sqs_queue.q"].prop("QueueName"), Unknown | Composite)


def test_count_zero_removes_the_resource_and_count_maps_one(tmp_path: Path) -> None:
    loaded, stats = load_module_stats(*_write(tmp_path, '''variable "on" {
  default = false
}
resource "aws_sqs_queue" "off" {
  count = var.on ? 1 : 0
}
resource "aws_sqs_queue" "many" {
  count = 3
}
resource "aws_sqs_queue" "uses" {
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.many[0].arn, maxReceiveCount = 3 })
}
resource "aws_route53_zone" "z" {
  name = "example.com"
}
'''))
    graph = _graph(loaded)
    assert set(graph.resources) == {"aws_sqs_queue.many", "aws_sqs_queue.uses"}
    assert graph.resources["aws_sqs_queue.many"].metadata["Terraform"] == {"count": "mapped as one resource"}
    assert graph.is_failure_target(graph.resources["aws_sqs_queue.many"])
    assert stats.disabled["aws_sqs_queue"] == 1 and stats.unmapped["aws_route53_zone"] == 1


def _write(tmp_path: Path, text: str) -> tuple[list[str], dict[str, str]]:
    path = tmp_path / "main.tf"
    path.write_text(text)
    return [str(path)], {str(path): "main.tf"}


def test_helpers_fold_into_their_hosts(tmp_path: Path) -> None:
    loaded = _tf(tmp_path, '''resource "aws_cloudwatch_event_rule" "r" {
  name = "r"
}
resource "aws_sqs_queue" "dlq" {}
resource "aws_lambda_function" "f" {}
resource "aws_cloudwatch_event_target" "t" {
  rule = aws_cloudwatch_event_rule.r.name
  arn  = aws_lambda_function.f.arn
  dead_letter_config {
    arn = aws_sqs_queue.dlq.arn
  }
  retry_policy {
    maximum_retry_attempts = 2
  }
}
resource "aws_s3_bucket" "b" {}
resource "aws_s3_bucket_notification" "n" {
  bucket = aws_s3_bucket.b.id
  lambda_function {
    lambda_function_arn = aws_lambda_function.f.arn
    events              = ["s3:ObjectCreated:*"]
  }
}
resource "aws_iam_role" "role" {}
resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.role.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}
''')
    graph = _graph(loaded)
    rule = graph.resources["aws_cloudwatch_event_rule.r"]
    assert rule.prop("Targets", 0, "DeadLetterConfig", "Arn") == Ref("aws_sqs_queue.dlq", "Arn")
    assert rule.prop("Targets", 0, "RetryPolicy", "MaximumRetryAttempts") == 2
    assert rule.span_of(("Targets", 0)).line == 6
    fn = graph.resources["aws_lambda_function.f"]
    assert {t.service for t in graph.triggers(fn)} == {"events", "s3"}
    assert managed_policy_arns(graph.resources["aws_iam_role.role"]) == [(0, "AWSLambdaBasicExecutionRole")]
    assert "aws_cloudwatch_event_target.t" not in graph.resources


def test_plan_json_loads_with_references_from_configuration() -> None:
    document = json.loads((DATA / "plan.json").read_text())
    assert is_plan(document)
    loaded = load_plan(document, str(DATA / "plan.json"), "plan.json")
    graph = _graph(loaded)
    assert set(graph.resources) == {"aws_lambda_function.worker", "aws_iam_role.worker",
                                    "module.queue.aws_sqs_queue.this"}
    fn = graph.resources["aws_lambda_function.worker"]
    assert fn.prop("Role") == Ref("aws_iam_role.worker", "Arn")
    assert graph.role_of(fn) is graph.resources["aws_iam_role.worker"]
    assert not fn.has("ReservedConcurrentExecutions")
    assert fn.prop("TracingConfig", "Mode") == "PassThrough"
    findings, errors = run_rules(load_catalogue(), graph, "plan.json")
    assert not errors
    assert {"LAM001", "LAM004"} <= {f.rule.id for f in findings}


def test_rules_fire_with_terraform_file_and_line() -> None:
    loaded = _load(DATA / "app")
    findings, errors = run_rules(load_catalogue(), _graph(loaded), "app")
    assert not errors
    found = {(f.rule.id, f.resource, f.span.file, f.span.line) for f in findings}
    lines = (DATA / "app" / "main.tf").read_text().splitlines()

    def line(text: str) -> int:
        return next(n for n, content in enumerate(lines, start=1) if text in content)

    assert ("IAM001", "aws_iam_role_policy.worker", "app/main.tf", line('Action   = ["sqs:*"]')) in found
    assert ("LAM007", "aws_lambda_event_source_mapping.orders", "app/main.tf",
            line('resource "aws_lambda_event_source_mapping" "orders"')) in found
    assert ("SFN001", "aws_sfn_state_machine.checkout", "app/main.tf",
            line('resource "aws_sfn_state_machine" "checkout"')) in found
    ids = {f.rule.id for f in findings}
    # well configured: tracing, memory, timeout, retention, DLQ; the visibility timeout is below 6 x 60 s
    assert not ids & {"LAM001", "LAM002", "LAM003", "LAM008", "SQS001"}
    assert "SQS002" in ids


def test_load_file_dispatches_tf_files(tmp_path: Path) -> None:
    path = tmp_path / "main.tf"
    path.write_text('resource "aws_sns_topic" "t" {\n  name = "t"\n}\n')
    loaded = load_file(str(path), name="main.tf")
    assert isinstance(loaded, Loaded) and loaded.graph is not None
    findings, _ = run_rules(load_catalogue(), loaded.graph, "main.tf")
    assert ("SNS002", "main.tf", 1) in {(f.rule.id, f.span.file, f.span.line) for f in findings}


def test_expressions_do_not_break_loading(tmp_path: Path) -> None:
    loaded = _tf(tmp_path, '''locals {
  names = [for n in ["a", "b"] : upper(n)]
  m     = merge({ a = 1 }, { b = 2 })
  t     = "x" == "x" ? 10 * 2 : 0
}
resource "aws_lambda_function" "f" {
  function_name = format("%s-%s", "fn", "x")
  timeout       = local.t
  memory_size   = lookup(local.m, "b", 0) * 256
  description   = "escaped $${not_a_ref} and ${jsonencode({ k = "v" })}"
  layers        = local.names
  runtime       = data.external.x.result.runtime
  dynamic "vpc_config" {
    for_each = var.vpcs
    content {
      subnet_ids = vpc_config.value.subnets
    }
  }
  handler = <<-EOT
    app.${"handler"}
  EOT
}
''')
    fn = _graph(loaded).resources["aws_lambda_function.f"]
    assert fn.prop("FunctionName") == "fn-x"
    assert fn.prop("Timeout") == 20 and fn.prop("MemorySize") == 512
    assert fn.prop("Description") == 'escaped ${not_a_ref} and {"k":"v"}'
    assert isinstance(fn.prop("Layers"), Unknown) and isinstance(fn.prop("Runtime"), Unknown)
    assert isinstance(fn.prop("VpcConfig", "SubnetIds"), Unknown)
    assert fn.prop("Handler") == "app.handler\n"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")
def test_corpus_loads_without_exceptions() -> None:
    catalogue = load_catalogue()
    loaded_ok, modules, mapped = 0, 0, Counter[str]()
    for directory, _, files in os.walk(CORPUS):
        tfs = sorted(os.path.join(directory, f) for f in files if f.endswith(".tf"))
        if not tfs:
            continue
        modules += 1
        loaded, stats = load_module_stats(tfs, {f: os.path.relpath(f, CORPUS) for f in tfs})
        mapped.update(stats.mapped)
        assert loaded.graph is not None
        _, errors = run_rules(catalogue, loaded.graph, directory)
        assert not errors, errors
        loaded_ok += not loaded.problems
        assert all(p.kind in (ErrorKind.PARSE, ErrorKind.READ) and p.message for p in loaded.problems)
    assert modules >= 70 and loaded_ok >= modules - 5
    assert mapped["aws_lambda_function"] >= 50


def test_identity_deployment_scaling_and_secret_types_map(tmp_path: Path) -> None:
    graph = _graph(_tf(tmp_path, """
resource "aws_cognito_user_pool" "users" {
  mfa_configuration = "OFF"
  password_policy {
    minimum_length  = 6
    require_symbols = true
  }
}
resource "aws_api_gateway_usage_plan" "plan" {
  throttle_settings {
    rate_limit = 5
  }
}
resource "aws_codedeploy_app" "app" {
  name             = "app"
  compute_platform = "Lambda"
}
resource "aws_codedeploy_deployment_group" "group" {
  app_name               = aws_codedeploy_app.app.name
  deployment_config_name = "CodeDeployDefault.LambdaCanary10Percent5Minutes"
  alarm_configuration {
    alarms  = ["errors"]
    enabled = true
  }
}
resource "aws_secretsmanager_secret" "db" {}
resource "aws_secretsmanager_secret_rotation" "db" {
  secret_id = aws_secretsmanager_secret.db.id
}
resource "aws_appautoscaling_target" "table" {
  service_namespace = "dynamodb"
  resource_id       = "table/orders"
}
resource "aws_wafv2_web_acl_association" "stage" {
  resource_arn = "arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod"
}
resource "aws_iam_access_key" "key" {
  user = "deployer"
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  environment {
    variables = { SECRET = aws_iam_access_key.key.secret }
  }
}
"""))
    pool = graph.resources["aws_cognito_user_pool.users"]
    assert pool.type == "AWS::Cognito::UserPool" and pool.prop("MfaConfiguration") == "OFF"
    assert pool.prop("Policies", "PasswordPolicy") == {"MinimumLength": 6, "RequireSymbols": True}
    assert pool.spans[("Policies", "PasswordPolicy", "MinimumLength")].line == 5
    assert graph.resources["aws_api_gateway_usage_plan.plan"].prop("Throttle") == {"RateLimit": 5}
    group = graph.resources["aws_codedeploy_deployment_group.group"]
    assert group.type == "AWS::CodeDeploy::DeploymentGroup"
    assert group.prop("AlarmConfiguration") == {"Alarms": [{"Name": "errors"}], "Enabled": True}
    app = graph.resolve(group.prop("ApplicationName"))
    assert app is not None and app.prop("ComputePlatform") == "Lambda"
    rotation = graph.resources["aws_secretsmanager_secret_rotation.db"]
    assert rotation.type == "AWS::SecretsManager::RotationSchedule"
    assert rotation.prop("SecretId") == Ref("aws_secretsmanager_secret.db")
    target = graph.resources["aws_appautoscaling_target.table"]
    assert target.type == "AWS::ApplicationAutoScaling::ScalableTarget" and target.prop("ResourceId") == "table/orders"
    assert graph.resources["aws_wafv2_web_acl_association.stage"].type == "AWS::WAFv2::WebACLAssociation"
    secret = graph.resources["aws_lambda_function.fn"].prop("Environment", "Variables", "SECRET")
    assert secret == Ref("aws_iam_access_key.key", "SecretAccessKey")


def test_api_attributes_cors_ttl_timeouts_and_endpoints_map(tmp_path: Path) -> None:
    graph = _graph(_tf(tmp_path, """
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}
resource "aws_api_gateway_authorizer" "auth" {
  rest_api_id                      = aws_api_gateway_rest_api.api.id
  type                             = "TOKEN"
  authorizer_result_ttl_in_seconds = 0
}
resource "aws_api_gateway_method" "get" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_rest_api.api.root_resource_id
  http_method = "GET"
}
resource "aws_api_gateway_integration" "get" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  resource_id          = aws_api_gateway_rest_api.api.root_resource_id
  http_method          = aws_api_gateway_method.get.http_method
  type                 = "AWS_PROXY"
  timeout_milliseconds = 5000
}
resource "aws_apigatewayv2_api" "http" {
  protocol_type = "HTTP"
  cors_configuration {
    allow_origins = ["*"]
  }
}
resource "aws_lambda_function_url" "url" {
  function_name      = "fn"
  authorization_type = "AWS_IAM"
  cors {
    allow_origins = ["https://app.example.com"]
  }
}
resource "aws_appsync_graphql_api" "graph" {
  authentication_type = "API_KEY"
  additional_authentication_provider {
    authentication_type = "AWS_LAMBDA"
    lambda_authorizer_config {
      authorizer_uri = "arn:aws:lambda:us-east-1:123456789012:function:auth"
    }
  }
}
resource "aws_cloudwatch_metric_alarm" "alarm" {
  actions_enabled = false
}
"""))
    resources = graph.resources
    assert resources["aws_api_gateway_rest_api.api"].prop("EndpointConfiguration", "Types") == ["PRIVATE"]
    assert resources["aws_api_gateway_authorizer.auth"].prop("AuthorizerResultTtlInSeconds") == 0
    assert resources["aws_api_gateway_method.get"].prop("Integration", "TimeoutInMillis") == 5000
    assert resources["aws_apigatewayv2_api.http"].prop("CorsConfiguration", "AllowOrigins") == ["*"]
    assert resources["aws_lambda_function_url.url"].prop("Cors", "AllowOrigins") == ["https://app.example.com"]
    providers = resources["aws_appsync_graphql_api.graph"].prop("AdditionalAuthenticationProviders")
    assert isinstance(providers, list) and providers[0]["AuthenticationType"] == "AWS_LAMBDA"
    assert resources["aws_cloudwatch_metric_alarm.alarm"].prop("ActionsEnabled") is False


def test_provisioned_concurrency_folds_into_its_alias(tmp_path: Path) -> None:
    files, names = _write(tmp_path, """
resource "aws_lambda_function" "fn" {
  function_name = "fn"
}
resource "aws_lambda_alias" "live" {
  name          = "live"
  function_name = aws_lambda_function.fn.function_name
}
resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_function.fn.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 5
}
resource "aws_lambda_provisioned_concurrency_config" "by_name" {
  function_name                     = "fn"
  qualifier                         = "live"
  provisioned_concurrent_executions = 7
}
""")
    loaded, stats = load_module_stats(files, names)
    alias = _graph(loaded).resources["aws_lambda_alias.live"]
    assert alias.prop("ProvisionedConcurrencyConfig", "ProvisionedConcurrentExecutions") == 7
    assert stats.merged["aws_lambda_provisioned_concurrency_config"] == 2
    assert "aws_lambda_provisioned_concurrency_config.live" not in _graph(loaded).resources


def test_bucket_notification_prefix_and_suffix_become_key_filters(tmp_path: Path) -> None:
    graph = _graph(_tf(tmp_path, """
resource "aws_s3_bucket" "photos" {}
resource "aws_s3_bucket_notification" "photos" {
  bucket = aws_s3_bucket.photos.id
  lambda_function {
    lambda_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:thumbnail"
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "uploads/"
    filter_suffix       = ".jpg"
  }
}
"""))
    config = graph.resources["aws_s3_bucket.photos"].prop("NotificationConfiguration", "LambdaConfigurations")
    assert isinstance(config, list)
    assert config[0]["Filter"] == {"S3Key": {"Rules": [{"Name": "prefix", "Value": "uploads/"},
                                                       {"Name": "suffix", "Value": ".jpg"}]}}


def test_bucket_settings_fold_into_the_bucket_and_its_policy_maps(tmp_path: Path) -> None:
    files, names = _write(tmp_path, """
resource "aws_s3_bucket" "data" {
  bucket = "acme-data"
}
resource "aws_s3_bucket_public_access_block" "data" {
  bucket              = aws_s3_bucket.data.id
  block_public_acls   = true
  block_public_policy = false
}
resource "aws_s3_bucket_versioning" "data" {
  bucket = "acme-data"
  versioning_configuration {
    status = "Disabled"
  }
}
resource "aws_s3_bucket_lifecycle_configuration" "data" {
  bucket = aws_s3_bucket.data.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {
      prefix = "tmp/"
    }
    expiration {
      days = 7
    }
  }
}
resource "aws_s3_bucket_policy" "data" {
  bucket = aws_s3_bucket.data.id
  policy = jsonencode({ Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*",
                                       Resource = "${aws_s3_bucket.data.arn}/*" }] })
}
resource "aws_s3_bucket" "legacy" {
  versioning {
    enabled = false
  }
  lifecycle_rule {
    enabled = true
    prefix  = "logs/"
    expiration {
      days = 30
    }
  }
}
""")
    loaded, stats = load_module_stats(files, names)
    graph = _graph(loaded)
    data = graph.resources["aws_s3_bucket.data"]
    assert data.prop("PublicAccessBlockConfiguration") == {"BlockPublicAcls": True, "BlockPublicPolicy": False}
    assert data.prop("VersioningConfiguration") == {"Status": "Suspended"}
    assert data.prop("LifecycleConfiguration", "Rules") == [
        {"Id": "expire", "Status": "Enabled", "Filter": {"Prefix": "tmp/"}, "ExpirationInDays": 7}]
    assert data.span_of(("PublicAccessBlockConfiguration", "BlockPublicPolicy")).line == 8
    policy = graph.resources["aws_s3_bucket_policy.data"]
    assert policy.type == "AWS::S3::BucketPolicy" and policy.prop("Bucket") == Ref("aws_s3_bucket.data")
    assert policy.prop("PolicyDocument", "Statement", 0, "Effect") == "Deny"
    legacy = graph.resources["aws_s3_bucket.legacy"]
    assert legacy.prop("VersioningConfiguration") == {"Status": "Suspended"}
    assert legacy.prop("LifecycleConfiguration", "Rules") == [
        {"Status": "Enabled", "Prefix": "logs/", "ExpirationInDays": 30}]
    for helper in ("public_access_block", "versioning", "lifecycle_configuration"):
        assert stats.merged[f"aws_s3_bucket_{helper}"] == 1


def test_root_variables_are_parameters_and_sensitive_ones_no_echo(tmp_path: Path) -> None:
    graph = _graph(_tf(tmp_path, """
variable "db_password" {
  type      = string
  sensitive = true
}
variable "stage" {
  default = "dev"
}
resource "aws_lambda_function" "fn" {
  function_name = "fn-${var.stage}"
  environment {
    variables = { DB_PASSWORD = var.db_password }
  }
}
"""))
    value = graph.resources["aws_lambda_function.fn"].prop("Environment", "Variables", "DB_PASSWORD")
    assert isinstance(value, Unknown) and value.reason == "parameter db_password"
    assert graph.parameters["db_password"] == {"Type": "String", "NoEcho": True}
    assert graph.parameters["stage"] == {"Type": "String", "Default": "dev"}


def test_plan_files_are_found_in_a_folder_scan(tmp_path: Path) -> None:
    import shutil

    from slens.scan import scan

    shutil.copy(Path(__file__).parent / "data" / "terraform" / "plan.json", tmp_path / "plan.json")
    result = scan([str(tmp_path)], load_catalogue())
    assert result.files_scanned == 1 and not result.errors
    assert any(f.resource.startswith("module.queue.aws_sqs_queue") for f in result.findings)
