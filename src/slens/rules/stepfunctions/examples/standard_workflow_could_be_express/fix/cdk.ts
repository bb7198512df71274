import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

function startOnEachOrder(scope: Construct, machine: sfn.StateMachine): void {
  new events.Rule(scope, 'OrderPlaced', {
    eventPattern: { source: ['shop.orders'], detailType: ['OrderPlaced'] },
    targets: [new targets.SfnStateMachine(machine)],
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    const enrichOrder = new sfn.StateMachine(this, 'EnrichOrder', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(this, 'Enrich')),
      // short and started per event: billed by duration, not per state transition
      stateMachineType: sfn.StateMachineType.EXPRESS,
    });
    // fix:end
    startOnEachOrder(this, enrichOrder);
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const enrichOrder = new sfn.StateMachine(this, 'EnrichOrder', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(this, 'Enrich')),
    });
    startOnEachOrder(this, enrichOrder);
  }
}
