import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    new lambda.Function(this, 'Invoices', {
      runtime: lambda.Runtime.JAVA_21,
      handler: 'com.example.invoices.Handler::handleRequest',
      code: lambda.Code.fromAsset('src'),
      memorySize: 1024,
      // a cold start of the JVM alone can pass the 3 s default: the longest run you expect, with margin
      timeout: Duration.seconds(30),
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new lambda.Function(this, 'Invoices', {
      runtime: lambda.Runtime.JAVA_21,
      handler: 'com.example.invoices.Handler::handleRequest',
      code: lambda.Code.fromAsset('src'),
      memorySize: 1024,
    });
  }
}
