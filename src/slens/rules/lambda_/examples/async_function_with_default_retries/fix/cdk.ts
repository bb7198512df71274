import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

function nightly(scope: Construct, worker: lambda.Function): void {
  new events.Rule(scope, 'Nightly', {
    schedule: events.Schedule.cron({ hour: '2', minute: '0' }),
    targets: [new targets.LambdaFunction(worker)],
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const failedEvents = new sqs.Queue(this, 'FailedEvents');
    // fix:start
    const worker = new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      onFailure: new destinations.SqsDestination(failedEvents),
      // one retry, within the hour: an event that fails twice goes to the queue rather than wait 6 hours
      retryAttempts: 1,
      maxEventAge: Duration.hours(1),
    });
    // fix:end
    nightly(this, worker);
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const worker = new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      onFailure: new destinations.SqsDestination(new sqs.Queue(this, 'FailedEvents')),
    });
    nightly(this, worker);
  }
}
