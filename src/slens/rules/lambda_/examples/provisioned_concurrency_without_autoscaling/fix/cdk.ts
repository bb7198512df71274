import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function live(scope: Construct): lambda.Alias {
  const checkout = new lambda.Function(scope, 'Checkout', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  return new lambda.Alias(scope, 'CheckoutLive', {
    aliasName: 'live',
    version: checkout.currentVersion,
    provisionedConcurrentExecutions: 5,
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const checkoutLive = live(this);
    // fix:start
    // the provisioned level follows use: between 5 and 50, aiming at 70 % of it busy
    checkoutLive.addAutoScaling({ minCapacity: 5, maxCapacity: 50 }).scaleOnUtilization({ utilizationTarget: 0.7 });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    live(this);
  }
}
