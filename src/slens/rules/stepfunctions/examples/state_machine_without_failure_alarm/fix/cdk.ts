import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

function machine(scope: Construct): sfn.StateMachine {
  return new sfn.StateMachine(scope, 'Orders', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(scope, 'Accept')),
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const orders = machine(this);
    const alarmTopic = new sns.Topic(this, 'AlarmTopic'); // the topic the team is paged through
    // fix:start
    const notify = new actions.SnsAction(alarmTopic);
    orders.metricFailed().createAlarm(this, 'OrdersFailed', {
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
    machine(this);
  }
}
