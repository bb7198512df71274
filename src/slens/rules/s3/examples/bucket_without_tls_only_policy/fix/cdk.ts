import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

function reader(scope: Construct): lambda.Function {
  return new lambda.Function(scope, 'Reports', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const reports = reader(this);
    // fix:start
    // a bucket policy denies every request not made over TLS (aws:SecureTransport false)
    const documents = new s3.Bucket(this, 'Documents', { enforceSSL: true });
    documents.grantRead(reports);
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new s3.Bucket(this, 'Documents').grantRead(reader(this));
  }
}
