import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    const worker = new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      timeout: Duration.seconds(30),
    });
    const orders = new sqs.Queue(this, 'Orders', {
      visibilityTimeout: Duration.seconds(180), // 6 x the consumer's timeout (30 s)
    });
    worker.addEventSource(new SqsEventSource(orders));
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const worker = new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      timeout: Duration.seconds(30),
    });
    const orders = new sqs.Queue(this, 'Orders');
    worker.addEventSource(new SqsEventSource(orders));
  }
}
