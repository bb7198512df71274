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
      timeout: Duration.seconds(30),
      // memory buys CPU too: measure (AWS Lambda Power Tuning) rather than keep the 128 MB default
      memorySize: 1024,
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
      timeout: Duration.seconds(30),
    });
  }
}
