import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function handler(scope: Construct): lambda.Function {
  return new lambda.Function(scope, 'Handler', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
}

function routes(httpApi: apigwv2.HttpApi, fn: lambda.Function): void {
  httpApi.addRoutes({
    path: '/orders',
    methods: [apigwv2.HttpMethod.GET],
    integration: new HttpLambdaIntegration('GetOrders', fn),
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = handler(this);
    // fix:start
    const users = new cognito.UserPool(this, 'Users');
    const webClient = users.addClient('WebClient');

    // HTTP API: every route asks the authorizer first (a route may still set its own)
    const httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      defaultAuthorizer: new HttpUserPoolAuthorizer('UsersAuthorizer', users, { userPoolClients: [webClient] }),
    });

    // REST API: every method, the proxy's included
    new apigateway.LambdaRestApi(this, 'RestApi', {
      handler: fn,
      defaultMethodOptions: {
        authorizationType: apigateway.AuthorizationType.COGNITO,
        authorizer: new apigateway.CognitoUserPoolsAuthorizer(this, 'RestUsersAuthorizer', {
          cognitoUserPools: [users],
        }),
      },
    });
    // fix:end
    routes(httpApi, fn);
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const fn = handler(this);
    routes(new apigwv2.HttpApi(this, 'HttpApi'), fn);
    new apigateway.LambdaRestApi(this, 'RestApi', { handler: fn });
  }
}
