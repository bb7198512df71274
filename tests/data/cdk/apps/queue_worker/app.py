"""A queue-fed worker: an SQS queue with a dead-letter queue feeding a function.

Some settings are good (a DLQ, log retention through ``log_retention``), some are not (no
tracing, a visibility timeout shorter than the function's timeout, a second function whose
logs are kept forever). ``log_retention`` makes CDK add its LogRetention handler function.
"""

from __future__ import annotations

from aws_cdk import App, Duration, Stack
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_lambda_event_sources as sources
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sqs as sqs
from constructs import Construct

HANDLER = "def handler(event, context):\n    return {'batchItemFailures': []}\n"


class QueueWorkerStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        dlq = sqs.Queue(self, "OrdersDlq", retention_period=Duration.days(14))
        queue = sqs.Queue(self, "Orders", visibility_timeout=Duration.seconds(30),
                          dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=5))
        worker = lambda_.Function(self, "Worker", runtime=lambda_.Runtime.PYTHON_3_12, handler="index.handler",
                                  code=lambda_.Code.from_inline(HANDLER), timeout=Duration.seconds(60),
                                  log_retention=logs.RetentionDays.ONE_MONTH)
        worker.add_event_source(sources.SqsEventSource(queue, batch_size=10, report_batch_item_failures=True))
        lambda_.Function(self, "Reporter", runtime=lambda_.Runtime.PYTHON_3_12, handler="index.handler",
                         code=lambda_.Code.from_inline(HANDLER), tracing=lambda_.Tracing.ACTIVE)


def build(outdir: str, context: dict[str, object]) -> None:
    app = App(outdir=outdir, context=context)
    QueueWorkerStack(app, "QueueWorker")
    app.synth()
