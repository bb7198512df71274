import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function handler(scope: Construct): lambda.Function {
  return new lambda.Function(scope, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = handler(this);
    // fix:start
    new apigateway.LambdaRestApi(this, 'Api', {
      handler: fn,
      deployOptions: {
        // the stage's limits for every method (MethodSettings for /* and *)
        throttlingBurstLimit: 100,
        throttlingRateLimit: 50,
      },
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new apigateway.LambdaRestApi(this, 'Api', { handler: handler(this) });
  }
}
