import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const orderEvents = new sns.Topic(this, 'OrderEvents');
    const orders = new sqs.Queue(this, 'Orders');
    // fix:start
    // SNS may send to the queue for this topic only (SqsSubscription writes the same statement)
    orders.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [orders.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': orderEvents.topicArn } },
    }));
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new sns.Topic(this, 'OrderEvents');
    const orders = new sqs.Queue(this, 'Orders');
    orders.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('sns.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [orders.queueArn],
    }));
  }
}
