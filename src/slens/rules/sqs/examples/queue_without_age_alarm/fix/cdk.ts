import { Duration, Stack } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const alarmTopic = new sns.Topic(this, 'AlarmTopic'); // the topic the team is paged through
    // fix:start
    const notify = new actions.SnsAction(alarmTopic);
    const orders = new sqs.Queue(this, 'Orders');
    orders.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1) }).createAlarm(this, 'OrdersAge', {
      threshold: 300, // seconds: messages waiting longer than the consumers should ever take
      evaluationPeriods: 5,
    }).addAlarmAction(notify);
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new sqs.Queue(this, 'Orders');
  }
}
