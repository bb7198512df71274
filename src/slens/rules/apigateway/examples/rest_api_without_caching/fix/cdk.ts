import { Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function catalogue(api: apigateway.RestApi, scope: Construct): void {
  const fn = new lambda.Function(scope, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  const products = api.root.addResource('products');
  products.addMethod('GET', new apigateway.LambdaIntegration(fn));
  products.addResource('{id}').addMethod('GET', new apigateway.LambdaIntegration(fn));
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    const api = new apigateway.RestApi(this, 'Api', {
      deployOptions: {
        cacheClusterEnabled: true,
        cacheClusterSize: '0.5', // GB, billed per hour
        cachingEnabled: true, // every GET method, keyed by path and query (per method: methodOptions)
        cacheTtl: Duration.minutes(5),
      },
    });
    // fix:end
    catalogue(api, this);
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    catalogue(new apigateway.RestApi(this, 'Api'), this);
  }
}
