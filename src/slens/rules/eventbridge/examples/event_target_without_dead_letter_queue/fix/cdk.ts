import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

function worker(scope: Construct): lambda.Function {
  return new lambda.Function(scope, 'Worker', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = worker(this);
    // fix:start
    const undelivered = new sqs.Queue(this, 'UndeliveredEvents');
    new events.Rule(this, 'OrderPlaced', {
      eventPattern: { source: ['shop.orders'], detailType: ['OrderPlaced'] },
      // events EventBridge cannot deliver to the target go to the queue
      targets: [new targets.LambdaFunction(fn, { deadLetterQueue: undelivered, retryAttempts: 4 })],
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new events.Rule(this, 'OrderPlaced', {
      eventPattern: { source: ['shop.orders'], detailType: ['OrderPlaced'] },
      targets: [new targets.LambdaFunction(worker(this))],
    });
  }
}
