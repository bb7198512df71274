// Parity app, CDK version: what ../sam/template.yaml deploys, written with L2 constructs.
// Same good and bad settings as the SAM, CloudFormation, Serverless Framework and Terraform versions.
//
// Good: log group with 14-day retention, explicit timeout, arm64, a supported runtime, partial batch
//       responses on the SQS mapping, DLQ on the queue (5 receives, 14-day retention), encrypted topic,
//       SourceArn on every permission, least-privilege invoke role and X-Ray on the state machine.
// Bad:  function tracing off, default memory, `dynamodb:*` on the table, no failure destination for the
//       SNS (async) invocations, subscription without redrive policy, unauthenticated GET route, stage
//       without access logs or throttling, table without PITR or a KMS key, state machine task without
//       Retry/Catch and without logging, no alarms anywhere, visibility timeout below 6x the function timeout.
import * as path from 'path';
import { Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';

export class ParityStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);

    const table = new dynamodb.Table(this, 'OrdersTable', {
      partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    });

    const logGroup = new logs.LogGroup(this, 'OrdersLogGroup', {
      retention: logs.RetentionDays.TWO_WEEKS,
    });

    const ordersFunction = new lambda.Function(this, 'OrdersFunction', {
      runtime: lambda.Runtime.PYTHON_3_12,
      handler: 'app.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, '..', 'src')),
      timeout: Duration.seconds(30),
      architecture: lambda.Architecture.ARM_64,
      logGroup,
      environment: { TABLE: table.tableName },
    });

    ordersFunction.addToRolePolicy(new iam.PolicyStatement({
      actions: ['dynamodb:*'],
      resources: [table.tableArn],
    }));

    const deadLetterQueue = new sqs.Queue(this, 'JobsDeadLetterQueue', {
      retentionPeriod: Duration.days(14),
    });
    const jobsQueue = new sqs.Queue(this, 'JobsQueue', {
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: 5 },
    });
    ordersFunction.addEventSource(new SqsEventSource(jobsQueue, {
      batchSize: 10,
      reportBatchItemFailures: true,
    }));

    const noticesTopic = new sns.Topic(this, 'NoticesTopic', {
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    noticesTopic.addSubscription(new subscriptions.LambdaSubscription(ordersFunction));

    const httpApi = new apigwv2.HttpApi(this, 'HttpApi');
    httpApi.addRoutes({
      path: '/orders',
      methods: [apigwv2.HttpMethod.GET],
      integration: new HttpLambdaIntegration('GetOrdersIntegration', ordersFunction),
    });

    const processTask = new tasks.LambdaInvoke(this, 'Process', {
      lambdaFunction: ordersFunction,
      retryOnServiceExceptions: false,
    });
    new sfn.StateMachine(this, 'OrderFlow', {
      definitionBody: sfn.DefinitionBody.fromChainable(processTask),
      tracingEnabled: true,
    });
  }
}
