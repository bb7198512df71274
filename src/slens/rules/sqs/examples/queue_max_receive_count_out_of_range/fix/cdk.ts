import { Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const deadLetters = new sqs.Queue(this, 'OrdersDeadLetters', { retentionPeriod: Duration.days(14) });
    // fix:start
    new sqs.Queue(this, 'Orders', {
      // a few receives: one transient error (a throttled call, a timeout) does not dead-letter a message
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const deadLetters = new sqs.Queue(this, 'OrdersDeadLetters', { retentionPeriod: Duration.days(14) });
    new sqs.Queue(this, 'Orders', { deadLetterQueue: { queue: deadLetters, maxReceiveCount: 1 } });
  }
}
