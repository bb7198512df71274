import { Stack } from 'aws-cdk-lib';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function live(scope: Construct): lambda.Alias {
  const fn = new lambda.Function(scope, 'Checkout', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  return new lambda.Alias(scope, 'CheckoutLive', { aliasName: 'live', version: fn.currentVersion });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const checkoutLive = live(this);
    // fix:start
    // an error of the new version during the canary rolls the alias back
    const errors = checkoutLive.metricErrors().createAlarm(this, 'CheckoutLiveErrors', {
      threshold: 1,
      evaluationPeriods: 1,
    });
    new codedeploy.LambdaDeploymentGroup(this, 'CheckoutDeployment', {
      alias: checkoutLive,
      deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      alarms: [errors],
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new codedeploy.LambdaDeploymentGroup(this, 'CheckoutDeployment', {
      alias: live(this),
      deploymentConfig: codedeploy.LambdaDeploymentConfig.CANARY_10PERCENT_5MINUTES,
    });
  }
}
