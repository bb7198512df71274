import { Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    // fix:start
    // a message keeps its age when it moves: the dead-letter queue must keep it longer than the source did
    const deadLetters = new sqs.Queue(this, 'OrdersDeadLetters', { retentionPeriod: Duration.days(14) });
    new sqs.Queue(this, 'Orders', {
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const deadLetters = new sqs.Queue(this, 'OrdersDeadLetters');
    new sqs.Queue(this, 'Orders', {
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
    });
  }
}
