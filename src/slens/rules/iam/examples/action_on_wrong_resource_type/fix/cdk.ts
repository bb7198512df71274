import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const images = new s3.Bucket(this, 'Images');
    const labeller = new lambda.Function(this, 'Labeller', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      environment: { IMAGES_BUCKET: images.bucketName },
    });
    // fix:start
    // object actions act on bucket/*, not on the bucket
    labeller.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [images.arnForObjects('*')],
    }));
    // takes no resource ARN: "*", in a statement of its own
    labeller.addToRolePolicy(new iam.PolicyStatement({
      actions: ['rekognition:DetectLabels'],
      resources: ['*'],
    }));
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const images = new s3.Bucket(this, 'Images');
    const labeller = new lambda.Function(this, 'Labeller', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      environment: { IMAGES_BUCKET: images.bucketName },
    });
    labeller.addToRolePolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject', 'rekognition:DetectLabels'],
      resources: [images.bucketArn],
    }));
  }
}
