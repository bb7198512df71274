import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

function queues(scope: Construct): sqs.Queue {
  const deadLetters = new sqs.Queue(scope, 'OrdersDeadLetters', { retentionPeriod: Duration.days(14) });
  new sqs.Queue(scope, 'Orders', { deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 } });
  return deadLetters;
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const deadLetters = queues(this);
    const alarmTopic = new sns.Topic(this, 'AlarmTopic'); // the topic the team is paged through
    // fix:start
    const notify = new actions.SnsAction(alarmTopic);
    // a message in the dead-letter queue is a failure someone has to look at
    deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) })
      .createAlarm(this, 'OrdersDeadLettersDepth', {
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(notify);
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    queues(this);
  }
}
