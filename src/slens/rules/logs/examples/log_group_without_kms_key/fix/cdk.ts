import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

function worker(scope: Construct, logGroup: logs.LogGroup): void {
  const fn = new lambda.Function(scope, 'Worker', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
    logGroup,
  });
  new secretsmanager.Secret(scope, 'PartnerApiKey').grantRead(fn); // it handles a secret
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    // a key of yours, which CloudWatch Logs may use, encrypts what the function logs
    const logsKey = new kms.Key(this, 'WorkerLogsKey', { enableKeyRotation: true });
    logsKey.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${this.region}.amazonaws.com`));
    const workerLogs = new logs.LogGroup(this, 'WorkerLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      encryptionKey: logsKey,
    });
    // fix:end
    worker(this, workerLogs);
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    worker(this, new logs.LogGroup(this, 'WorkerLogs', { retention: logs.RetentionDays.ONE_MONTH }));
  }
}
