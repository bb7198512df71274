import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

function fn(scope: Construct, id: string): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
}

function partnerKey(scope: Construct): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, 'PartnerApiKey');
  secret.grantRead(fn(scope, 'Worker'));
  return secret;
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const apiKey = partnerKey(this); // the worker reads it
    // fix:start
    // a function of yours that issues a new key and revokes the old (Secrets Manager's four rotation steps);
    // for an RDS password, hostedRotation: secretsmanager.HostedRotation.postgreSqlSingleUser() instead
    apiKey.addRotationSchedule('Rotation', {
      rotationLambda: fn(this, 'RotatePartnerApiKey'),
      automaticallyAfter: Duration.days(30),
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    partnerKey(this);
  }
}
