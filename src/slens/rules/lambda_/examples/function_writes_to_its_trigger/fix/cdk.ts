import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { S3EventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const uploads = new s3.Bucket(this, 'Uploads');
    // fix:start
    // thumbnails go to a bucket of their own, not to the one whose uploads trigger the function
    const thumbnails = new s3.Bucket(this, 'Thumbnails');
    const resize = new lambda.Function(this, 'Resize', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      environment: { THUMBNAILS_BUCKET: thumbnails.bucketName },
    });
    resize.addEventSource(new S3EventSource(uploads, { events: [s3.EventType.OBJECT_CREATED] }));
    uploads.grantRead(resize);
    thumbnails.grantPut(resize);
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const uploads = new s3.Bucket(this, 'Uploads');
    const resize = new lambda.Function(this, 'Resize', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
    });
    resize.addEventSource(new S3EventSource(uploads, { events: [s3.EventType.OBJECT_CREATED] }));
    uploads.grantRead(resize);
    uploads.grantPut(resize);
  }
}
