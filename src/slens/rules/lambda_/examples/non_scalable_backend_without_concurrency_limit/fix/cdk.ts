import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function ledger(scope: Construct): dynamodb.Table {
  return new dynamodb.Table(scope, 'Ledger', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PROVISIONED,
    readCapacity: 5,
    writeCapacity: 5,
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const table = ledger(this); // 5 write units
    // fix:start
    const writer = new lambda.Function(this, 'Writer', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      // no more concurrent writers than the table's capacity serves: a burst waits instead of throttling it
      reservedConcurrentExecutions: 5,
    });
    table.grant(writer, 'dynamodb:PutItem');
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const table = ledger(this);
    const writer = new lambda.Function(this, 'Writer', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
    });
    table.grant(writer, 'dynamodb:PutItem');
  }
}
