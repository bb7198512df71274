import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

function writer(scope: Construct): lambda.Function {
  return new lambda.Function(scope, 'Importer', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const importer = writer(this);
    // fix:start
    const documents = new s3.Bucket(this, 'Documents', {
      versioned: true, // an overwrite or a delete keeps the previous version
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }], // for a month
    });
    documents.grantPut(importer);
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new s3.Bucket(this, 'Documents').grantPut(writer(this));
  }
}
