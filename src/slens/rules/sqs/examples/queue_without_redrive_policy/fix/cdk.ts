import { Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    const deadLetters = new sqs.Queue(this, 'OrdersDeadLetters', { retentionPeriod: Duration.days(14) });
    new sqs.Queue(this, 'Orders', {
      // a message received 5 times without being deleted moves to the dead-letter queue
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new sqs.Queue(this, 'Orders');
  }
}
