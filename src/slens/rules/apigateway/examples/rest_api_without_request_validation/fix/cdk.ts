import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function build(scope: Construct): [apigateway.RestApi, apigateway.LambdaIntegration] {
  const fn = new lambda.Function(scope, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  return [new apigateway.RestApi(scope, 'Api'), new apigateway.LambdaIntegration(fn)];
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [api, integration] = build(this);
    // fix:start
    const order = api.addModel('Order', {
      contentType: 'application/json',
      schema: {
        type: apigateway.JsonSchemaType.OBJECT,
        required: ['item'],
        properties: { item: { type: apigateway.JsonSchemaType.STRING } },
      },
    });
    api.root.addResource('orders').addMethod('POST', integration, {
      requestModels: { 'application/json': order },
      // API Gateway rejects a body that does not match the model (400) before the function runs
      requestValidatorOptions: { validateRequestBody: true },
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [api, integration] = build(this);
    api.root.addResource('orders').addMethod('POST', integration);
  }
}
