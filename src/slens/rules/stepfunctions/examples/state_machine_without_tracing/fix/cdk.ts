import { Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    new sfn.StateMachine(this, 'Orders', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(this, 'Accept')),
      tracingEnabled: true, // the role gets the X-Ray permissions too
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
