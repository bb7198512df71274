import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    new lambda.Function(this, 'GetOrder', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      timeout: Duration.seconds(10),
      // what the handler measurably needs (AWS Lambda Power Tuning), not 3 GB for a lookup
      memorySize: 512,
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new lambda.Function(this, 'GetOrder', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
      timeout: Duration.seconds(10),
      memorySize: 3008,
    });
  }
}
