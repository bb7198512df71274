import { Stack } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    const users = new cognito.UserPool(this, 'Users');
    new appsync.GraphqlApi(this, 'Orders', {
      name: 'orders',
      definition: appsync.Definition.fromFile('src/schema.graphql'),
      authorizationConfig: {
        // signed-in users; the API key stays for the public fields (@aws_api_key in the schema)
        defaultAuthorization: {
          authorizationType: appsync.AuthorizationType.USER_POOL,
          userPoolConfig: { userPool: users },
        },
        additionalAuthorizationModes: [{ authorizationType: appsync.AuthorizationType.API_KEY }],
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
      authorizationConfig: { defaultAuthorization: { authorizationType: appsync.AuthorizationType.API_KEY } },
    });
  }
}
