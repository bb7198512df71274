import { Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function fn(scope: Construct, id: string): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
}

function api(scope: Construct, authorizer: apigateway.IAuthorizer): void {
  new apigateway.LambdaRestApi(scope, 'Api', {
    handler: fn(scope, 'Handler'),
    defaultMethodOptions: { authorizer },
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const checkToken = fn(this, 'CheckToken');
    // fix:start
    const authorizer = new apigateway.TokenAuthorizer(this, 'TokenAuthorizer', {
      handler: checkToken,
      // API Gateway reuses a token's policy for 5 minutes instead of invoking the function per request
      resultsCacheTtl: Duration.minutes(5),
    });
    // fix:end
    api(this, authorizer);
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const authorizer = new apigateway.TokenAuthorizer(this, 'TokenAuthorizer', {
      handler: fn(this, 'CheckToken'),
      resultsCacheTtl: Duration.seconds(0),
    });
    api(this, authorizer);
  }
}
