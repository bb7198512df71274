from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_mapping, as_str
from slens.model.secrets import (
    is_placeholder,
    is_secret_name,
    mask,
    secret_attribute,
    secret_parameter_defaults,
    secret_value_kind,
)


class SecretInEnvironmentVariable(Rule):
    """Secret written in plain text in a function's environment variables

    ## What it does
    Flags environment variables whose literal value looks like a key (`sk_live_…`, `AKIA…`,
    a private key, a token, a long high-entropy string), whose name says it holds a secret
    (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`) with a literal value, or that carry a
    secret attribute of another resource (`!GetAtt AccessKey.SecretAccessKey`,
    `!GetAtt UserPoolClient.ClientSecret`). Names that point to a secret (`SECRET_ARN`,
    `TOKEN_TABLE`), references, parameters and `{{resolve:…}}` values are not flagged here.
    Messages never show the value, not even its first characters: it is masked (`…(40 chars)`).

    ## Why it matters
    The Serverless Lens asks you to *store secrets that are used in your code securely*
    (SEC 3). A secret in the template lives in the repository, in every copy of the
    template, in the console and in `GetFunctionConfiguration` output: anyone with read
    access to any of them has the key, and rotating it means a redeploy.

    ## How to fix
    Put the secret in AWS Secrets Manager (or SSM Parameter Store `SecureString`), pass the
    secret's ARN in the environment, grant `AWSSecretsManagerGetSecretValuePolicy` and read
    it at run time (the Parameters and Secrets Lambda extension or Powertools caches it).
    Revoke the exposed key: it is in your history.

    ## When to ignore
    Values that are not secrets despite their look (a public publishable key, a test
    fixture) can ignore this rule with a reason.
    """

    id = "LAM203"
    name = "secret-in-environment-variable"
    severity = Severity.HIGH
    practice = Practices.SEC3_SECRETS
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("checkov:CKV_AWS_45", "kics:Hardcoded AWS Access Key In Lambda")
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n    Environment:\n"
               "      Variables:\n        API_SECRET_ARN: !Ref ApiSecret\n    Policies:\n"
               "      - AWSSecretsManagerGetSecretValuePolicy:\n          SecretArn: !Ref ApiSecret\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n    Environment:\n"
                          "      Variables:\n        API_SECRET_ARN: !Ref ApiSecret\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        from_parameters = secret_parameter_defaults(graph)  # reported by CFN201 on the parameter
        for name, value in as_mapping(resource.prop("Environment", "Variables")).items():
            where = ("Environment", "Variables", name)
            attribute = secret_attribute(value, graph)
            if attribute is not None:
                source, attr = attribute
                what = "the access key id" if attr == "Ref" else attr
                extra = (": a long-term user key, use the function's role instead"
                         if source.type == "AWS::IAM::AccessKey" else "")
                yield self.violation(resource, f"environment variable {name} of function {resource.logical_id} "
                                               f"holds {what} of {source.logical_id} in plain text{extra}", *where)
                continue
            text = as_str(value)
            if text is None or text in from_parameters:
                continue
            kind = secret_value_kind(text)
            if kind is None and (not is_secret_name(name) or is_placeholder(text)):
                continue
            what = kind or "a secret (by its name)"
            yield self.violation(resource, f"environment variable {name} of function {resource.logical_id} holds "
                                           f"{what} in plain text ({mask(text)})", *where)
