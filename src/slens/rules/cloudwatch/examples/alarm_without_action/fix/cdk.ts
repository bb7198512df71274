import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

function errorsAlarm(scope: Construct): cloudwatch.Alarm {
  const worker = new lambda.Function(scope, 'Worker', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  return worker.metricErrors().createAlarm(scope, 'WorkerErrors', { threshold: 1, evaluationPeriods: 1 });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const workerErrors = errorsAlarm(this);
    // fix:start
    const alarmTopic = new sns.Topic(this, 'AlarmTopic');
    alarmTopic.addSubscription(new subscriptions.EmailSubscription('oncall@example.com'));
    workerErrors.addAlarmAction(new actions.SnsAction(alarmTopic));
    workerErrors.addOkAction(new actions.SnsAction(alarmTopic)); // and say when it is over
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    errorsAlarm(this);
  }
}
