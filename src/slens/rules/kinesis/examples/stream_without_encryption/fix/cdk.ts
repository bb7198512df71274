import { Stack } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    new kinesis.Stream(this, 'Clicks', {
      encryption: kinesis.StreamEncryption.MANAGED, // the aws/kinesis key; KMS with your own encryptionKey
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new kinesis.Stream(this, 'Clicks', { encryption: kinesis.StreamEncryption.UNENCRYPTED });
  }
}
