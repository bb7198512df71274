import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const database = new secretsmanager.Secret(this, 'DatabaseSecret');
    // fix:start
    // the resolved password sits in the function's configuration: encrypt it with a key of yours
    // (better still: pass database.secretArn and read the secret at run time)
    const environmentKey = new kms.Key(this, 'WorkerEnvironmentKey', { enableKeyRotation: true });
    new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      environment: { DB_PASSWORD: database.secretValueFromJson('password').unsafeUnwrap() },
      environmentEncryption: environmentKey,
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const database = new secretsmanager.Secret(this, 'DatabaseSecret');
    new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      environment: { DB_PASSWORD: database.secretValueFromJson('password').unsafeUnwrap() },
    });
  }
}
