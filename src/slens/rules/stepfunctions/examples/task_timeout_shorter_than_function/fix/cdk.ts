import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

function processor(scope: Construct): lambda.Function {
  return new lambda.Function(scope, 'ProcessOrderFunction', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
    timeout: Duration.seconds(60),
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = processor(this); // timeout: 60 s
    // fix:start
    const processOrder = new tasks.LambdaInvoke(this, 'ProcessOrder', {
      lambdaFunction: fn,
      // at least the function's own timeout: a shorter one abandons runs that would have succeeded
      taskTimeout: sfn.Timeout.duration(Duration.seconds(90)),
    });
    // fix:end
    new sfn.StateMachine(this, 'Orders', { definitionBody: sfn.DefinitionBody.fromChainable(processOrder) });
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const processOrder = new tasks.LambdaInvoke(this, 'ProcessOrder', {
      lambdaFunction: processor(this),
      taskTimeout: sfn.Timeout.duration(Duration.seconds(10)),
    });
    new sfn.StateMachine(this, 'Orders', { definitionBody: sfn.DefinitionBody.fromChainable(processOrder) });
  }
}
