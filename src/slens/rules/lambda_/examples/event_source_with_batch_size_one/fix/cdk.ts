import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

function build(scope: Construct): [lambda.Function, sqs.Queue] {
  const fn = new lambda.Function(scope, 'Worker', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
    timeout: Duration.seconds(30),
  });
  return [fn, new sqs.Queue(scope, 'Orders', { visibilityTimeout: Duration.seconds(180) })];
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [worker, orders] = build(this);
    // fix:start
    worker.addEventSource(new SqsEventSource(orders, {
      batchSize: 10, // one invocation for up to 10 messages
      maxBatchingWindow: Duration.seconds(1),
      reportBatchItemFailures: true, // a failed message comes back alone, not with its batch
    }));
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [worker, orders] = build(this);
    worker.addEventSource(new SqsEventSource(orders, { batchSize: 1 }));
  }
}
