import { Duration, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

function api(scope: Construct): apigateway.LambdaRestApi {
  const handler = new lambda.Function(scope, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  return new apigateway.LambdaRestApi(scope, 'Api', { handler });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const orders = api(this);
    const alarmTopic = new sns.Topic(this, 'AlarmTopic'); // the topic the team is paged through
    // fix:start
    const notify = new actions.SnsAction(alarmTopic);
    // REST API metrics (dimension ApiName); on an HTTP API: metricServerError() and metricLatency() too
    orders.metricServerError({ period: Duration.minutes(1) }).createAlarm(this, 'ApiServerErrors', {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(notify);
    orders.metricLatency({ statistic: 'p90', period: Duration.minutes(1) }).createAlarm(this, 'ApiLatency', {
      threshold: 1000, // milliseconds
      evaluationPeriods: 5,
    }).addAlarmAction(notify);
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    api(this);
  }
}
