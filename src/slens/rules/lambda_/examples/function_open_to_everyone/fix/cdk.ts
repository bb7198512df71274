import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

function worker(scope: Construct): lambda.Function {
  return new lambda.Function(scope, 'Reports', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
  });
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const reports = worker(this);
    // fix:start
    // callers sign their requests (SigV4) with credentials allowed lambda:InvokeFunctionUrl
    reports.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    worker(this).addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }
}
