import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export class Fixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const shared = new s3.Bucket(this, 'Shared');
    // fix:start
    // the organisation's accounts (aws:PrincipalOrgID), not everyone
    shared.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.OrganizationPrincipal('o-a1b2c3d4e5')],
      actions: ['s3:GetObject'],
      resources: [shared.arnForObjects('*')],
    }));
    // fix:end
  }
}

export class Unfixed extends Stack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const shared = new s3.Bucket(this, 'Shared');
    shared.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject'],
      resources: [shared.arnForObjects('*')],
    }));
  }
}
