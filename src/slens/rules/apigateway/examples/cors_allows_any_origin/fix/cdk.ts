import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function api(scope: Construct, cors: apigateway.CorsOptions): void {
  const handler = new lambda.Function(scope, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
  const users = new cognito.UserPool(scope, 'Users');
  new apigateway.LambdaRestApi(scope, 'Api', {
    handler,
    defaultMethodOptions: {
      authorizationType: apigateway.AuthorizationType.COGNITO,
      authorizer: new apigateway.CognitoUserPoolsAuthorizer(scope, 'UsersAuthorizer', { cognitoUserPools: [users] }),
    },
    defaultCorsPreflightOptions: cors,
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    const cors: apigateway.CorsOptions = {
      allowOrigins: ['https://app.example.com'], // the sites that call the API, not Cors.ALL_ORIGINS
      allowHeaders: ['Authorization', 'Content-Type'],
    };
    // fix:end
    api(this, cors);
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    api(this, { allowOrigins: apigateway.Cors.ALL_ORIGINS, allowHeaders: ['Authorization', 'Content-Type'] });
  }
}
