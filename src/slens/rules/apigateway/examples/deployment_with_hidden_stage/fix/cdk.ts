import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const api = new apigateway.RestApi(this, 'Api', { deploy: false });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    // fix:start
    // no stageName on the deployment: the Stage below is the API's only stage
    const deployment = new apigateway.Deployment(this, 'Deployment', { api });
    new apigateway.Stage(this, 'Prod', {
      deployment,
      stageName: 'prod',
      throttlingRateLimit: 100,
      throttlingBurstLimit: 50,
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const api = new apigateway.RestApi(this, 'Api', { deploy: false });
    api.root.addMethod('GET', new apigateway.MockIntegration());
    const deployment = new apigateway.Deployment(this, 'Deployment', { api, stageName: 'v1' });
    new apigateway.Stage(this, 'Prod', {
      deployment,
      stageName: 'prod',
      throttlingRateLimit: 100,
      throttlingBurstLimit: 50,
    });
  }
}
