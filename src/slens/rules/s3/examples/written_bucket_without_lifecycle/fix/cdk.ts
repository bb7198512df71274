import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

function writer(scope: Construct): lambda.Function {
  return new lambda.Function(scope, 'Exporter', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const exporter = writer(this);
    // fix:start
    const exports = new s3.Bucket(this, 'Exports', {
      lifecycleRules: [{
        id: 'tiering',
        abortIncompleteMultipartUploadAfter: Duration.days(7),
        transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) }],
      }],
    });
    exports.grantPut(exporter);
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new s3.Bucket(this, 'Exports').grantPut(writer(this));
  }
}
