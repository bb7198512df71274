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
  });
  return [fn, new sqs.Queue(scope, 'Orders', { visibilityTimeout: Duration.seconds(30) })];
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [worker, orders] = build(this);
    // fix:start
    worker.addEventSource(new SqsEventSource(orders, {
      batchSize: 10,
      // the handler returns {batchItemFailures: [{itemIdentifier: messageId}]}: only those come back
      reportBatchItemFailures: true,
    }));
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [worker, orders] = build(this);
    worker.addEventSource(new SqsEventSource(orders, { batchSize: 10 }));
  }
}
