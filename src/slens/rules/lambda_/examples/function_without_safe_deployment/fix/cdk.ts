import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function checkout(scope: Construct): lambda.Function {
  return new lambda.Function(scope, 'Checkout', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = checkout(this);
    // fix:start
    // the API calls the alias; CodeDeploy moves it to a new version 10 % at a time, rolling back on alarm
    const live = new lambda.Alias(this, 'CheckoutLive', { aliasName: 'live', version: fn.currentVersion });
    const errors = live.metricErrors().createAlarm(this, 'CheckoutLiveErrors', { threshold: 1, evaluationPeriods: 1 });
    new codedeploy.LambdaDeploymentGroup(this, 'CheckoutDeployment', {
      alias: live,
      deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      alarms: [errors],
    });
    new apigateway.LambdaRestApi(this, 'Api', { handler: live });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new apigateway.LambdaRestApi(this, 'Api', { handler: checkout(this) });
  }
}
