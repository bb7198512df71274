import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

function build(scope: Construct): [lambda.Function, sqs.Queue] {
  const fn = new lambda.Function(scope, 'Worker', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  return [fn, new sqs.Queue(scope, 'UndeliveredEvents')];
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [worker, undelivered] = build(this);
    // fix:start
    new events.Rule(this, 'OrderPlaced', {
      eventPattern: { source: ['shop.orders'], detailType: ['OrderPlaced'] },
      targets: [new targets.LambdaFunction(worker, {
        deadLetterQueue: undelivered,
        // EventBridge's default is 185 attempts over 24 hours: bound them to what the event is worth
        retryAttempts: 8,
        maxEventAge: Duration.hours(2),
      })],
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [worker, undelivered] = build(this);
    new events.Rule(this, 'OrderPlaced', {
      eventPattern: { source: ['shop.orders'], detailType: ['OrderPlaced'] },
      targets: [new targets.LambdaFunction(worker, { deadLetterQueue: undelivered })],
    });
  }
}
