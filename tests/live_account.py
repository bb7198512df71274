"""A small emulated AWS account on loopback: moto's server, seeded through the AWS APIs.

Shared by the tests of the live reader and of its mapping. Only 127.0.0.1 is ever reached: the
endpoint, fake credentials and empty config files are in the environment before any client exists.
"""

from __future__ import annotations

import io
import json
import os
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest

REGION = "eu-west-1"
ACCOUNT = "123456789012"
SECRET_VALUE = "s3cr3t-value-123"
ACCESS_KEY_ID = "AKIASLENSFAKE0000001"
SECRET_ACCESS_KEY = "slens-fake-secret-access-key-0000000000"
TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com", "states.amazonaws.com"]},
     "Action": "sts:AssumeRole"}]}
STACK_TEMPLATE = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {
    "StackQueue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "stack-queue"}},
    "StackTopic": {"Type": "AWS::SNS::Topic", "Properties": {"TopicName": "stack-topic"}}}}


@dataclass
class Account:
    endpoint: str
    seeded: dict[str, Any]


@contextmanager
def loopback_environment(endpoint: str) -> Iterator[None]:
    """The environment that points every SDK client at the emulator, and nowhere else."""
    with pytest.MonkeyPatch.context() as patch:
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ROLE_ARN",
                     "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                     "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_REGION"):
            patch.delenv(name, raising=False)
        patch.setenv("AWS_ENDPOINT_URL", endpoint)
        patch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
        patch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY)
        patch.setenv("AWS_DEFAULT_REGION", REGION)
        patch.setenv("AWS_CONFIG_FILE", os.devnull)
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
        patch.setenv("AWS_EC2_METADATA_DISABLED", "true")
        yield


@contextmanager
def moto_account() -> Iterator[Account]:
    """A started moto server on 127.0.0.1 (an ephemeral port), seeded, for the duration."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        # get_host_and_port is newer than the lowest moto supported; _server is where it reads them
        if hasattr(server, "get_host_and_port"):
            host, port = server.get_host_and_port()
        else:
            host, port = server._server.server_address[:2]
        assert host == "127.0.0.1"
        endpoint = f"http://127.0.0.1:{port}"
        # moto's backends live in the process, not in the server: a second module's account would
        # meet the first one's resources (and fail to create them again) without a reset
        urllib.request.urlopen(urllib.request.Request(f"{endpoint}/moto-api/reset", method="POST"), timeout=30)
        with loopback_environment(endpoint):
            yield Account(endpoint, seed())
    finally:
        server.stop()


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def seed() -> dict[str, Any]:
    """Good and bad resources of each kind the reader reads; returns their names and ARNs."""
    import boto3

    session = boto3.Session(region_name=REGION)
    iam, lam, sqs = session.client("iam"), session.client("lambda"), session.client("sqs")
    managed = iam.create_policy(PolicyName="orders-read", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"}]}))
    roles = {}
    for name in ("good-fn-role", "bad-fn-role", "checkout-role", "unused-role"):
        roles[name] = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(TRUST))["Role"]["Arn"]
    iam.put_role_policy(RoleName="good-fn-role", PolicyName="queue-send", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}))
    iam.attach_role_policy(RoleName="good-fn-role", PolicyArn=managed["Policy"]["Arn"])
    # moto loads no AWS managed policies unless asked: the same one attached twice shows the cache
    iam.attach_role_policy(RoleName="bad-fn-role", PolicyArn=managed["Policy"]["Arn"])
    iam.put_role_policy(RoleName="bad-fn-role", PolicyName="everything", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))

    dlq = sqs.create_queue(QueueName="orders-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    orders = sqs.create_queue(QueueName="orders", Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "3"})},
        tags={"team": "shop"})["QueueUrl"]
    loose = sqs.create_queue(QueueName="loose")["QueueUrl"]
    orders_arn = sqs.get_queue_attributes(QueueUrl=orders, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    good = lam.create_function(
        FunctionName="good-fn", Runtime="python3.12", Role=roles["good-fn-role"], Handler="index.handler",
        Code={"ZipFile": _zip()}, TracingConfig={"Mode": "Active"}, DeadLetterConfig={"TargetArn": dlq_arn},
        Environment={"Variables": {"API_KEY": SECRET_VALUE, "STAGE": "prod"}}, Tags={"team": "shop"})
    bad = lam.create_function(FunctionName="bad-fn", Runtime="python3.8", Role=roles["bad-fn-role"],
                              Handler="index.handler", Code={"ZipFile": _zip()})
    lam.add_permission(FunctionName="good-fn", StatementId="sns", Action="lambda:InvokeFunction",
                       Principal="sns.amazonaws.com")
    lam.create_event_source_mapping(EventSourceArn=orders_arn, FunctionName="good-fn", BatchSize=5)

    sns = session.client("sns")
    topic = sns.create_topic(Name="alerts")["TopicArn"]
    subscription = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=good["FunctionArn"],
                                 ReturnSubscriptionArn=True)["SubscriptionArn"]

    events = session.client("events")
    events.put_rule(Name="nightly", ScheduleExpression="rate(1 day)")
    events.put_targets(Rule="nightly", Targets=[{"Id": "fn", "Arn": bad["FunctionArn"]}])

    api = session.client("apigateway")
    rest = api.create_rest_api(name="shop")["id"]
    root = next(r["id"] for r in api.get_resources(restApiId=rest)["items"] if r["path"] == "/")
    items = api.create_resource(restApiId=rest, parentId=root, pathPart="items")["id"]
    api.put_method(restApiId=rest, resourceId=items, httpMethod="GET", authorizationType="NONE")
    api.put_integration(restApiId=rest, resourceId=items, httpMethod="GET", type="AWS_PROXY",
                        integrationHttpMethod="POST",
                        uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
                            f"{good['FunctionArn']}/invocations")
    api.create_deployment(restApiId=rest, stageName="prod")

    session.client("dynamodb").create_table(
        TableName="orders-table", BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
    machine = session.client("stepfunctions").create_state_machine(
        name="checkout", roleArn=roles["checkout-role"],
        definition=json.dumps({"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}))["stateMachineArn"]

    logs = session.client("logs")
    logs.create_log_group(logGroupName="/aws/lambda/good-fn")
    logs.put_retention_policy(logGroupName="/aws/lambda/good-fn", retentionInDays=14)
    logs.create_log_group(logGroupName="/aws/lambda/bad-fn")
    session.client("cloudwatch").put_metric_alarm(
        AlarmName="good-fn-errors", Namespace="AWS/Lambda", MetricName="Errors", Statistic="Sum", Period=60,
        EvaluationPeriods=1, Threshold=1, ComparisonOperator="GreaterThanOrEqualToThreshold",
        Dimensions=[{"Name": "FunctionName", "Value": "good-fn"}])
    stack = session.client("cloudformation").create_stack(StackName="tiny",
                                                           TemplateBody=json.dumps(STACK_TEMPLATE))["StackId"]
    return {"roles": roles, "queues": {"orders": orders, "dlq": dlq, "loose": loose}, "dlq_arn": dlq_arn,
            "functions": {"good-fn": good["FunctionArn"], "bad-fn": bad["FunctionArn"]}, "topic": topic,
            "subscription": subscription, "rest_api": rest, "state_machine": machine, "stack": stack,
            "managed_policy": managed["Policy"]["Arn"]}
