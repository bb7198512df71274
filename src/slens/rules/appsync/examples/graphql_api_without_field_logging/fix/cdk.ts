import { Stack } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    new appsync.GraphqlApi(this, 'Orders', {
      name: 'orders',
      definition: appsync.Definition.fromFile('src/schema.graphql'),
      logConfig: {
        fieldLogLevel: appsync.FieldLogLevel.ERROR, // the resolvers that fail, with their errors
        retention: logs.RetentionDays.ONE_MONTH,
      },
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new appsync.GraphqlApi(this, 'Orders', {
      name: 'orders',
      definition: appsync.Definition.fromFile('src/schema.graphql'),
    });
  }
}
