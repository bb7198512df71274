import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const jobs = new sqs.Queue(this, 'Jobs');
    const orders = new dynamodb.Table(this, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    });
    // fix:start
    const worker = new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      // the code reads the table it is granted: pass it (or drop the grant)
      environment: { ORDERS_TABLE: orders.tableName },
    });
    worker.addEventSource(new SqsEventSource(jobs));
    orders.grantReadData(worker);
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const jobs = new sqs.Queue(this, 'Jobs');
    const orders = new dynamodb.Table(this, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    });
    const worker = new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
    });
    worker.addEventSource(new SqsEventSource(jobs));
    orders.grantReadData(worker);
  }
}
