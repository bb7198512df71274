import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
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
    // HTTP API: the default stage, written out to carry the limits of every route
    const httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('Orders', fn),
    });
    httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { burstLimit: 100, rateLimit: 50 },
    });

    // REST API: the stage's limits for every method (MethodSettings for /* and *)
    new apigateway.LambdaRestApi(this, 'RestApi', {
      handler: fn,
      deployOptions: { throttlingBurstLimit: 100, throttlingRateLimit: 50 },
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = handler(this);
    new apigwv2.HttpApi(this, 'HttpApi', { defaultIntegration: new HttpLambdaIntegration('Orders', fn) });
    new apigateway.LambdaRestApi(this, 'RestApi', { handler: fn });
  }
}
