from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_mapping, is_unknown
from slens.model.secrets import is_dynamic_secret, is_secret_name, parameter_of


class SensitiveEnvironmentWithoutKmsKey(Rule):
    """Function with secrets in its environment and no customer managed KMS key

    ## What it does
    Flags functions without `KmsKeyArn` whose environment variables carry a secret that is
    not written in the template: a variable with a secret name (`DB_PASSWORD`, `API_TOKEN`)
    whose value comes from a parameter, or a `{{resolve:secretsmanager:…}}` dynamic
    reference (CloudFormation resolves it at deploy time and stores the plain value in the
    function's configuration). Plain-text secrets written in the template are LAM203's.

    ## Why it matters
    The Serverless Lens asks you to *store secrets that are used in your code securely*
    (SEC 3). Without a customer managed key, anyone allowed `lambda:GetFunctionConfiguration`
    reads the secret in clear text; with one, they also need `kms:Decrypt` on the key, and
    key use is logged in CloudTrail.

    ## How to fix
    Better: pass the secret's ARN and read the secret at run time (see LAM203). Otherwise set
    `KmsKeyArn` on the function to a customer managed key and let only the function's role
    decrypt with it.

    ## When to ignore
    Values that are not secrets despite their name can ignore this rule with a reason.
    """

    id = "LAM204"
    name = "sensitive-environment-without-kms-key"
    severity = Severity.LOW
    practice = Practices.SEC3_SECRETS
    services = (Service.LAMBDA, Service.KMS)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("checkov:CKV_AWS_173", "kics:Serverless Function Environment Variables Not Encrypted")
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n"
               "    KmsKeyArn: !GetAtt FunctionKey.Arn\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    KmsKeyArn: !GetAtt FunctionKey.Arn\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.has("KmsKeyArn"):
            return
        variables = resource.prop("Environment", "Variables")
        if is_unknown(variables):
            return
        for name, value in as_mapping(variables).items():
            parameter = parameter_of(value)
            if parameter is not None and is_secret_name(name):
                source = f"parameter {parameter}"
            elif is_dynamic_secret(value):
                source = "a {{resolve:…}} dynamic reference"
            else:
                continue
            yield self.violation(resource, f"environment variable {name} of function {resource.logical_id} holds "
                                           f"a secret from {source}, stored with no customer managed KMS key "
                                           "(KmsKeyArn)", "Environment", "Variables", name)
