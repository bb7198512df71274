from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str, is_unknown


class FunctionWithoutCodeSigning(Rule):
    """Lambda function without a code signing configuration

    ## What it does
    Flags functions deployed from a zip package (`PackageType` not `Image`, code not written
    inline in `Code.ZipFile`) with no `CodeSigningConfigArn`.

    ## Why it matters
    The Serverless Lens asks you to *implement runtime protection to help prevent against
    malicious code execution* (SEC 3). With a code signing configuration set to `Enforce`,
    Lambda refuses any package that was not signed by your pipeline's AWS Signer profile, so
    credentials able to update functions are not enough to run altered code; it also makes
    the release pipeline the only path to production (OPS 2).

    ## How to fix
    Create an `AWS::Signer::SigningProfile` (platform `AWSLambda-SHA384-ECDSA`) and an
    `AWS::Lambda::CodeSigningConfig` that allows it with `UntrustedArtifactOnDeployment:
    Enforce`; set `CodeSigningConfigArn` on the functions (SAM: under `Globals.Function`) and
    deploy with `sam deploy --signing-profiles`.

    ## When to ignore
    Teams whose deployment role is the only principal able to update functions, and
    prototypes, can ignore this rule (it is informational).
    """

    id = "LAM104"
    name = "function-without-code-signing"
    severity = Severity.INFO
    practice = Practices.SEC3_RUNTIME_PROTECTION
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("checkov:CKV_AWS_272",)
    fix = {
        "SAM": "Globals:\n  Function:\n    CodeSigningConfigArn: !Ref SigningConfig\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    CodeSigningConfigArn: !Ref SigningConfig\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        if resource.has("CodeSigningConfigArn") or as_str(resource.prop("PackageType")) == "Image":
            return
        if is_unknown(resource.prop("PackageType")) or resource.has("Code", "ZipFile") \
                or resource.has("Code", "ImageUri"):
            return
        yield self.violation(resource, f"function {resource.logical_id} accepts unsigned code packages "
                                       "(no CodeSigningConfigArn)", "CodeSigningConfigArn")
