#!/usr/bin/env node
// Parity app, CDK version: synthesize with
//   CDK_DEFAULT_ACCOUNT=123456789012 CDK_DEFAULT_REGION=us-east-1 npx cdk synth --no-staging -q
import * as cdk from 'aws-cdk-lib';
import { ParityStack } from '../lib/parity-stack';

const app = new cdk.App();
// environment-agnostic, like the other dialects (no literal account or region in the template)
new ParityStack(app, 'ParityStack');
