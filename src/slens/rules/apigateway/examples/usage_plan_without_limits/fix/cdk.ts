import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function api(scope: Construct): apigateway.LambdaRestApi {
  const handler = new lambda.Function(scope, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  return new apigateway.LambdaRestApi(scope, 'Api', { handler, defaultMethodOptions: { apiKeyRequired: true } });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const partnerApi = api(this);
    // fix:start
    const plan = partnerApi.addUsagePlan('Partners', {
      throttle: { rateLimit: 10, burstLimit: 20 }, // per key, per second
      quota: { limit: 10000, period: apigateway.Period.DAY },
    });
    plan.addApiStage({ stage: partnerApi.deploymentStage });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const partnerApi = api(this);
    partnerApi.addUsagePlan('Partners').addApiStage({ stage: partnerApi.deploymentStage });
  }
}
