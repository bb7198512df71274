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
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = processor(this);
    // fix:start
    const processOrder = new tasks.LambdaInvoke(this, 'ProcessOrder', {
      lambdaFunction: fn,
      // the default: a Retry for Lambda.ServiceException, AWSLambdaException and SdkClientException
      retryOnServiceExceptions: true,
    });
    // and for throttling, which the default leaves out
    processOrder.addRetry({
      errors: ['Lambda.TooManyRequestsException'],
      interval: Duration.seconds(2),
      maxAttempts: 6,
      backoffRate: 2,
    });
    new sfn.StateMachine(this, 'Orders', {
      definitionBody: sfn.DefinitionBody.fromChainable(processOrder),
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const processOrder = new tasks.LambdaInvoke(this, 'ProcessOrder', {
      lambdaFunction: processor(this),
      retryOnServiceExceptions: false,
    });
    new sfn.StateMachine(this, 'Orders', {
      definitionBody: sfn.DefinitionBody.fromChainable(processOrder),
    });
  }
}
