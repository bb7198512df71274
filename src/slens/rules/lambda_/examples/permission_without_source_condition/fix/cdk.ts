import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

function build(scope: Construct): [lambda.Function, s3.Bucket] {
  const fn = new lambda.Function(scope, 'Thumbnails', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  return [fn, new s3.Bucket(scope, 'Uploads')];
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [thumbnails, uploads] = build(this);
    // fix:start
    thumbnails.addPermission('InvokedByUploads', {
      principal: new iam.ServicePrincipal('s3.amazonaws.com'),
      sourceArn: uploads.bucketArn, // only this bucket's notifications, not any bucket's
      sourceAccount: this.account,
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const [thumbnails] = build(this);
    thumbnails.addPermission('InvokedByUploads', { principal: new iam.ServicePrincipal('s3.amazonaws.com') });
  }
}
