"""IAM rules."""
