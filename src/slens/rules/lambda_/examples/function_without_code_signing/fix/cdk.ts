import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as signer from 'aws-cdk-lib/aws-signer';
import { Construct } from 'constructs';

function signing(scope: Construct): lambda.CodeSigningConfig {
  const profile = new signer.SigningProfile(scope, 'SigningProfile', {
    platform: signer.Platform.AWS_LAMBDA_SHA384_ECDSA,
  });
  const config = new lambda.CodeSigningConfig(scope, 'CodeSigning', { signingProfiles: [profile] });
  new lambda.Function(scope, 'Api', { // signed already
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset('src'),
    codeSigningConfig: config,
  });
  return config;
}

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const codeSigning = signing(this);
    // fix:start
    new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'), // signed by the pipeline's signing job, like the other functions'
      codeSigningConfig: codeSigning,
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    signing(this);
    new lambda.Function(this, 'Worker', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromAsset('src'),
    });
  }
}
