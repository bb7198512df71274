import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function fn(scope: Construct, id: string, reserved: number): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
    reservedConcurrentExecutions: reserved,
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    // reservations take from the account's pool (1,000 by default, 100 of it never reservable):
    // reserve what each function needs at its peak, and raise the account's quota for more
    fn(this, 'Checkout', 200);
    fn(this, 'Reports', 50);
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    fn(this, 'Checkout', 800);
    fn(this, 'Reports', 200);
  }
}
