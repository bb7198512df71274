"""Generated benchmark inputs: one large SAM template and a monorepo of small templates.

Both are deterministic (same bytes on every run), so timings from different days compare.

    python benchmarks/generate_inputs.py [--out benchmarks/.generated] [--resources 1000] [--templates 2000]

writes ``large/template.yaml`` (about ``--resources`` written resources: SAM functions with
SQS, SNS, DynamoDB-stream, schedule and API events, queues with dead-letter queues, topics,
tables, roles, log groups and alarms) and ``monorepo/svc-NNNN/template.yaml`` (``--templates``
small services of four shapes, 2 to 5 resources each).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / ".generated"
HEADER = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\n"
RUNTIMES = ("python3.12", "nodejs20.x", "java21", "python3.11", "nodejs22.x")
#: written resources per unit of the large template
UNIT_SIZE = 10


def _unit(i: int) -> str:
    """Ten resources around one function: the shapes real serverless applications repeat."""
    runtime = RUNTIMES[i % len(RUNTIMES)]
    tracing = "      Tracing: Active\n" if i % 3 == 0 else ""
    memory = f"      MemorySize: {128 * (1 + i % 8)}\n" if i % 2 == 0 else ""
    schedule = (f"        Nightly:\n          Type: Schedule\n          Properties:\n"
                f"            Schedule: cron(0 {i % 24} * * ? *)\n") if i % 4 == 0 else ""
    api = (f"        Get:\n          Type: Api\n          Properties:\n            Path: /items{i}/{{id}}\n"
           "            Method: get\n") if i % 5 == 0 else ""
    return f"""\
  Dlq{i}:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
  Queue{i}:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: {30 * (1 + i % 7)}
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt Dlq{i}.Arn
        maxReceiveCount: 5
  Topic{i}:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: alias/aws/sns
  Table{i}:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - AttributeName: pk
          AttributeType: S
      KeySchema:
        - AttributeName: pk
          KeyType: HASH
      StreamSpecification:
        StreamViewType: NEW_AND_OLD_IMAGES
  Role{i}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {{Service: lambda.amazonaws.com}}
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:PutItem, {'"dynamodb:*"' if i % 9 == 0 else 'dynamodb:Query'}]
                Resource: !GetAtt Table{i}.Arn
              - Effect: Allow
                Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]
                Resource: !GetAtt Queue{i}.Arn
  Function{i}:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/worker{i % 10}/
      Handler: app.handler
      Runtime: {runtime}
      Timeout: {3 + i % 27}
{memory}{tracing}      Role: !GetAtt Role{i}.Arn
      Environment:
        Variables:
          TABLE: !Ref Table{i}
          TOPIC: !Ref Topic{i}
      Events:
        Messages:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue{i}.Arn
            BatchSize: 10
        Notices:
          Type: SNS
          Properties:
            Topic: !Ref Topic{i}
        Changes:
          Type: DynamoDB
          Properties:
            Stream: !GetAtt Table{i}.StreamArn
            StartingPosition: TRIM_HORIZON
{schedule}{api}  Logs{i}:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${{Function{i}}}
      RetentionInDays: {(7, 14, 30, 90)[i % 4]}
  Errors{i}:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/Lambda
      MetricName: Errors
      Dimensions:
        - Name: FunctionName
          Value: !Ref Function{i}
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
      AlarmActions: [!Ref Topic{i}]
  Invoke{i}:
    Type: AWS::Lambda::EventInvokeConfig
    Properties:
      FunctionName: !Ref Function{i}
      Qualifier: $LATEST
      MaximumRetryAttempts: {i % 3}
      DestinationConfig:
        OnFailure:
          Destination: !GetAtt Dlq{i}.Arn
  Backlog{i}:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/SQS
      MetricName: ApproximateNumberOfMessagesVisible
      Dimensions:
        - Name: QueueName
          Value: !GetAtt Dlq{i}.QueueName
      Statistic: Maximum
      Period: 300
      EvaluationPeriods: 1
      Threshold: 0
      ComparisonOperator: GreaterThanThreshold
"""


def large_template(resources: int = 1000) -> str:
    """A SAM template with ``resources`` written resources (rounded up to a multiple of 10)."""
    units = -(-resources // UNIT_SIZE)
    return HEADER + "Description: generated benchmark input\nResources:\n" + "".join(_unit(i) for i in range(units))


def small_template(i: int) -> str:
    """One small service: four shapes in turn (SQS worker, API + table, event rule, plain CFN)."""
    shape = i % 4
    runtime = RUNTIMES[i % len(RUNTIMES)]
    if shape == 0:
        return HEADER + f"""Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: {60 + i % 100}
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: {runtime}
      Events:
        Jobs:
          Type: SQS
          Properties:
            Queue: !GetAtt Queue.Arn
"""
    if shape == 1:
        return HEADER + f"""Globals:
  Function:
    Timeout: {5 + i % 20}
Resources:
  Items:
    Type: AWS::Serverless::SimpleTable
  ItemsFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: {runtime}
      Tracing: Active
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref Items
      Events:
        List:
          Type: HttpApi
          Properties:
            Path: /items
            Method: get
"""
    if shape == 2:
        return HEADER + f"""Resources:
  Bus:
    Type: AWS::Events::EventBus
    Properties:
      Name: bus-{i}
  Handler:
    Type: AWS::Serverless::Function
    Properties:
      InlineCode: "def handler(event, context): return event"
      Handler: index.handler
      Runtime: {runtime}
      MemorySize: 256
      Events:
        Orders:
          Type: EventBridgeRule
          Properties:
            EventBusName: !Ref Bus
            Pattern:
              source: [orders]
  HandlerLogs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/${{Handler}}
      RetentionInDays: 14
"""
    return f"""AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Topic:
    Type: AWS::SNS::Topic
  Dlq:
    Type: AWS::SQS::Queue
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt Dlq.Arn
        maxReceiveCount: {1 + i % 9}
  Subscription:
    Type: AWS::SNS::Subscription
    Properties:
      Protocol: sqs
      TopicArn: !Ref Topic
      Endpoint: !GetAtt Queue.Arn
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {{Service: sns.amazonaws.com}}
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
            Condition:
              ArnEquals: {{aws:SourceArn: !Ref Topic}}
"""


def _write(path: Path, text: str) -> None:
    """Write only when the content changed, so re-runs keep mtimes (and the OS page cache) stable."""
    if not path.exists() or path.read_text() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def generate(out: Path, resources: int = 1000, templates: int = 2000) -> tuple[Path, Path]:
    """Write both inputs below ``out``; returns (large template file, monorepo folder)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / ".gitignore").write_text("*\n")  # generated: never committed
    large = out / "large" / "template.yaml"
    _write(large, large_template(resources))
    monorepo = out / "monorepo"
    for i in range(templates):
        _write(monorepo / f"svc-{i:04d}" / "template.yaml", small_template(i))
    for extra in sorted(monorepo.glob("svc-*")):  # a smaller --templates than last time
        if int(extra.name[4:]) >= templates:
            for child in extra.iterdir():
                child.unlink()
            extra.rmdir()
    return large, monorepo


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--resources", type=int, default=1000)
    parser.add_argument("--templates", type=int, default=2000)
    args = parser.parse_args()
    large, monorepo = generate(args.out, args.resources, args.templates)
    print(f"{large}\n{monorepo}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
