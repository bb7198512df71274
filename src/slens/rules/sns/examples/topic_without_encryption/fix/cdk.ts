import { Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    // a key of your own, which publishers (and SQS subscribers) are granted: grantEncryptDecrypt
    const topicKey = new kms.Key(this, 'OrderEventsKey', { enableKeyRotation: true });
    new sns.Topic(this, 'OrderEvents', { masterKey: topicKey });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new sns.Topic(this, 'OrderEvents');
  }
}
