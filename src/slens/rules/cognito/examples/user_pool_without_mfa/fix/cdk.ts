import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    new cognito.UserPool(this, 'Users', {
      mfa: cognito.Mfa.OPTIONAL, // or REQUIRED; users enrol an authenticator app
      mfaSecondFactor: { otp: true, sms: false },
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new cognito.UserPool(this, 'Users');
  }
}
