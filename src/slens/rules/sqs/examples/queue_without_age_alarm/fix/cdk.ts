import { Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    const orders = new sqs.Queue(this, 'Orders');
    orders.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) }).createAlarm(this, 'OrdersAge', {
      threshold: 300, // seconds: messages waiting longer than the consumers should ever take
      evaluationPeriods: 5,
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new sqs.Queue(this, 'Orders');
  }
}
