import { Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Construct } from 'constructs';

function build(scope: Construct): [lambda.Function, dynamodb.Table] {
  const fn = new lambda.Function(scope, 'Projector', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
    timeout: Duration.seconds(30),
  });
  const table = new dynamodb.Table(scope, 'Orders', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
  });
  return [fn, table];
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [projector, orders] = build(this);
    // fix:start
    projector.addEventSource(new DynamoEventSource(orders, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      // a failing batch is split in two and retried, until the bad record is alone
      bisectBatchOnError: true,
      // or the handler reports the failed records: reportBatchItemFailures: true
    }));
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [projector, orders] = build(this);
    projector.addEventSource(new DynamoEventSource(orders, { startingPosition: lambda.StartingPosition.TRIM_HORIZON }));
  }
}
