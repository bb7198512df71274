import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

function worker(scope: Construct): lambda.Function {
  return new lambda.Function(scope, 'Worker', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = worker(this);
    // fix:start
    const uploads = new sns.Topic(this, 'Uploads');
    const undelivered = new sqs.Queue(this, 'UndeliveredUploads');
    // messages SNS cannot deliver to the function go to the queue (the subscription's RedrivePolicy)
    uploads.addSubscription(new subscriptions.LambdaSubscription(fn, { deadLetterQueue: undelivered }));
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = worker(this);
    const uploads = new sns.Topic(this, 'Uploads');
    uploads.addSubscription(new subscriptions.LambdaSubscription(fn));
  }
}
