"""Every AWS operation the live reader may call, and nothing else.

The reader refuses any other call before it is signed (``guard``), ``tools/generate_iam_policy.py``
turns this list into ``docs/iam-policy.json``, and the tests prove each entry is a read. Adding a
call therefore means adding it here, regenerating the policy and passing those tests.
"""

from __future__ import annotations

from typing import Any

#: client name (boto3's) -> operation names (the API's PascalCase names)
DECLARED: dict[str, tuple[str, ...]] = {
    # the account and the enabled regions
    # AssumeRole is not a read by name, but it changes nothing: it returns temporary credentials of a
    # role in another account (--org-role), whose reads then go through this same list
    "sts": ("GetCallerIdentity", "AssumeRole"),
    "organizations": ("ListAccounts",),
    "ec2": ("DescribeRegions",),
    "lambda": ("ListFunctions", "GetFunctionConfiguration", "GetPolicy", "GetFunctionEventInvokeConfig",
               "GetFunctionConcurrency", "GetFunctionUrlConfig", "ListAliases", "ListProvisionedConcurrencyConfigs",
               "ListTags", "ListEventSourceMappings"),
    "sqs": ("ListQueues", "GetQueueAttributes", "ListQueueTags"),
    "sns": ("ListTopics", "GetTopicAttributes", "ListSubscriptions", "GetSubscriptionAttributes"),
    "events": ("ListEventBuses", "ListRules", "ListTargetsByRule"),
    "stepfunctions": ("ListStateMachines", "DescribeStateMachine"),
    "dynamodb": ("ListTables", "DescribeTable", "DescribeContinuousBackups"),
    "kinesis": ("ListStreams", "DescribeStreamSummary"),
    "apigateway": ("GetRestApis", "GetStages", "GetResources", "GetMethod", "GetAuthorizers", "GetUsagePlans"),
    "apigatewayv2": ("GetApis", "GetStages", "GetRoutes", "GetIntegrations", "GetAuthorizers"),
    "appsync": ("ListGraphqlApis",),
    "logs": ("DescribeLogGroups",),
    "cloudwatch": ("DescribeAlarms", "GetMetricData"),
    "iam": ("GetRole", "ListRolePolicies", "GetRolePolicy", "ListAttachedRolePolicies", "GetPolicy",
            "GetPolicyVersion"),
    "kms": ("DescribeKey", "GetKeyRotationStatus"),
    "cloudformation": ("DescribeStacks", "ListStackResources"),
}

CALLS: frozenset[tuple[str, str]] = frozenset((s, op) for s, ops in DECLARED.items() for op in ops)

#: the services a user may ask for (``--services``): the inventory's service keys
SERVICES: tuple[str, ...] = ("lambda", "sqs", "sns", "events", "stepfunctions", "dynamodb", "kinesis", "apigateway",
                             "apigatewayv2", "appsync", "logs", "cloudwatch", "iam", "kms", "cloudformation")


class UndeclaredCall(RuntimeError):
    """The reader tried an operation that is not in ``DECLARED``: a bug in slens, never an AWS error."""


def guard(model: Any, **_: Any) -> None:
    """botocore ``before-call`` handler: refuses, before anything is signed or sent, every
    operation not declared above, so that the reader stays read-only whatever its code does."""
    service = model.service_model.service_name
    if (service, model.name) not in CALLS:
        raise UndeclaredCall(f"slens may not call {service}:{model.name}: it is not in slens.loaders.aws.calls")
