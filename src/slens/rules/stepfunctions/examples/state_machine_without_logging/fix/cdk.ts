import { Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    new sfn.StateMachine(this, 'Orders', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(this, 'Accept')),
      logs: {
        destination: new logs.LogGroup(this, 'OrdersLogs', { retention: logs.RetentionDays.ONE_MONTH }),
        level: sfn.LogLevel.ERROR,
      },
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new sfn.StateMachine(this, 'Orders', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(this, 'Accept')),
    });
  }
}
