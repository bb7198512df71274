import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

function processOrder(scope: Construct): tasks.LambdaInvoke {
  const fn = new lambda.Function(scope, 'ProcessOrderFunction', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  return new tasks.LambdaInvoke(scope, 'ProcessOrder', { lambdaFunction: fn });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const process = processOrder(this);
    // fix:start
    const failedOrders = new sqs.Queue(this, 'FailedOrders');
    // after its retries, a failed order is kept (with the error) and the execution fails visibly
    const recordFailure = new tasks.SqsSendMessage(this, 'RecordFailure', {
      queue: failedOrders,
      messageBody: sfn.TaskInput.fromJsonPathAt('$'),
    }).next(new sfn.Fail(this, 'OrderFailed'));
    process.addCatch(recordFailure, { errors: ['States.ALL'], resultPath: '$.error' });
    // fix:end
    new sfn.StateMachine(this, 'Orders', { definitionBody: sfn.DefinitionBody.fromChainable(process) });
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new sfn.StateMachine(this, 'Orders', { definitionBody: sfn.DefinitionBody.fromChainable(processOrder(this)) });
  }
}
