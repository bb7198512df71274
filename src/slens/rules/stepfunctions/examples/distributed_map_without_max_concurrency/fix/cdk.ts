import { Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    const eachOrder = new sfn.DistributedMap(this, 'EachOrder', {
      itemsPath: sfn.JsonPath.stringAt('$.orders'),
      // child executions at a time: what the functions and tables downstream can take
      maxConcurrency: 100,
    });
    eachOrder.itemProcessor(new sfn.Pass(this, 'Handle'));
    // fix:end
    new sfn.StateMachine(this, 'Orders', { definitionBody: sfn.DefinitionBody.fromChainable(eachOrder) });
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const eachOrder = new sfn.DistributedMap(this, 'EachOrder', { itemsPath: sfn.JsonPath.stringAt('$.orders') });
    eachOrder.itemProcessor(new sfn.Pass(this, 'Handle'));
    new sfn.StateMachine(this, 'Orders', { definitionBody: sfn.DefinitionBody.fromChainable(eachOrder) });
  }
}
