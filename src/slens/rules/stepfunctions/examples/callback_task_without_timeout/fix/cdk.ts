import { Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

const REQUEST = sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken, order: sfn.JsonPath.entirePayload });

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const approvals = new sqs.Queue(this, 'Approvals');
    // fix:start
    const awaitApproval = new tasks.SqsSendMessage(this, 'AwaitApproval', {
      queue: approvals,
      messageBody: REQUEST,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      // without it, a lost token keeps the execution waiting for a year
      taskTimeout: sfn.Timeout.duration(Duration.hours(24)),
    });
    // fix:end
    new sfn.StateMachine(this, 'Orders', { definitionBody: sfn.DefinitionBody.fromChainable(awaitApproval) });
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const awaitApproval = new tasks.SqsSendMessage(this, 'AwaitApproval', {
      queue: new sqs.Queue(this, 'Approvals'),
      messageBody: REQUEST,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    });
    new sfn.StateMachine(this, 'Orders', { definitionBody: sfn.DefinitionBody.fromChainable(awaitApproval) });
  }
}
