import { Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    const quotes = new lambda.Function(this, 'Quotes', {
      runtime: lambda.Runtime.JAVA_21,
      handler: 'com.example.quotes.Handler::handleRequest',
      code: lambda.Code.fromAsset('src'),
      memorySize: 1024,
      timeout: Duration.seconds(10),
      snapStart: lambda.SnapStartConf.ON_PUBLISHED_VERSIONS,
    });
    // SnapStart applies to published versions only: callers invoke the alias, not $LATEST
    new lambda.Alias(this, 'QuotesLive', { aliasName: 'live', version: quotes.currentVersion });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new lambda.Function(this, 'Quotes', {
      runtime: lambda.Runtime.JAVA_21,
      handler: 'com.example.quotes.Handler::handleRequest',
      code: lambda.Code.fromAsset('src'),
      memorySize: 1024,
      timeout: Duration.seconds(10),
    });
  }
}
