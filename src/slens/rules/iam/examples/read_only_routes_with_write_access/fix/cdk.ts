import { Stack } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function build(scope: Construct): [lambda.Function, dynamodb.Table] {
  const fn = new lambda.Function(scope, 'GetOrders', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  const table = new dynamodb.Table(scope, 'Orders', {
    partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  });
  new apigwv2.HttpApi(scope, 'HttpApi').addRoutes({
    path: '/orders',
    methods: [apigwv2.HttpMethod.GET],
    integration: new HttpLambdaIntegration('GetOrdersIntegration', fn),
  });
  return [fn, table];
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [getOrders, orders] = build(this); // serves GET /orders only
    // fix:start
    // reads only, for a function that only answers reads (not grantReadWriteData)
    orders.grant(getOrders, 'dynamodb:GetItem', 'dynamodb:Query');
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [getOrders, orders] = build(this);
    orders.grantReadWriteData(getOrders);
  }
}
