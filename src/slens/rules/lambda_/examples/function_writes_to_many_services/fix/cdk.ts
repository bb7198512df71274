import { Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const orders = new dynamodb.Table(this, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    });
    // fix:start
    // one job: save the order and announce it; the bus's consumers archive it, queue
    // the follow-up work and alert, each with a role of its own
    const bus = new events.EventBus(this, 'Bus');
    const saveOrder = new lambda.Function(this, 'SaveOrder', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      environment: { ORDERS_TABLE: orders.tableName, EVENT_BUS: bus.eventBusName },
    });
    orders.grantWriteData(saveOrder);
    bus.grantPutEventsTo(saveOrder);
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const orders = new dynamodb.Table(this, 'Orders', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
    });
    const archive = new s3.Bucket(this, 'Archive');
    const jobs = new sqs.Queue(this, 'Jobs');
    const alerts = new sns.Topic(this, 'Alerts');
    const saveOrder = new lambda.Function(this, 'SaveOrder', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      environment: {
        ORDERS_TABLE: orders.tableName,
        ARCHIVE_BUCKET: archive.bucketName,
        JOBS_QUEUE_URL: jobs.queueUrl,
        ALERTS_TOPIC_ARN: alerts.topicArn,
      },
    });
    orders.grantWriteData(saveOrder);
    archive.grantPut(saveOrder);
    jobs.grantSendMessages(saveOrder);
    alerts.grantPublish(saveOrder);
  }
}
