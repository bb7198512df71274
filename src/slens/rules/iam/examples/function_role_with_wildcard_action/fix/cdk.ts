import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function build(scope: Construct): [lambda.Function, dynamodb.Table] {
  const fn = new lambda.Function(scope, 'Worker', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  const table = new dynamodb.Table(scope, 'Orders', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
  });
  return [fn, table];
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [worker, orders] = build(this);
    // fix:start
    // the actions the function uses, on the table it uses, instead of dynamodb:* (grantReadData: the reads only)
    orders.grantReadData(worker);
    worker.addToRolePolicy(new iam.PolicyStatement({
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
      resources: [orders.tableArn],
    }));
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [worker, orders] = build(this);
    worker.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: [orders.tableArn] }));
  }
}
