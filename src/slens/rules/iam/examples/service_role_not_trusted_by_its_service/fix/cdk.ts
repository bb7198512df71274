import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

function machine(scope: Construct, role: iam.Role): void {
  new sfn.StateMachine(scope, 'Orders', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(scope, 'Accept')),
    role,
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    const machineRole = new iam.Role(this, 'OrdersRole', {
      assumedBy: new iam.ServicePrincipal('states.amazonaws.com'), // the service the role is handed to
    });
    // fix:end
    machine(this, machineRole);
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    machine(this, new iam.Role(this, 'OrdersRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }));
  }
}
