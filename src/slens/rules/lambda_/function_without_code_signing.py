from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_str, is_unknown


class FunctionWithoutCodeSigning(Rule):
    """Lambda function without a code signing configuration

    ## What it does
    Flags functions deployed from a zip package (`PackageType` not `Image`, code not written
    inline in `Code.ZipFile`) with no `CodeSigningConfigArn`, when the template shows that the
    team signs code: it declares an `AWS::Lambda::CodeSigningConfig`, or another function sets
    `CodeSigningConfigArn` (SAM `Globals` included). The functions left out are then the gap;
    a template that signs nothing is not reported. Option `everywhere = true` reports every
    unsigned zip function, whether or not the template signs any code.

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
    A function deliberately left out of signing (a test helper, a function built by another
    pipeline) can ignore this rule with a reason. Teams that require signed code on every
    function, in templates that sign nothing yet, set `[tool.slens.rules.LAM104] everywhere = true`.
    """

    id = "LAM104"
    name = "function-without-code-signing"
    severity = Severity.INFO
    practice = Practices.SEC3_RUNTIME_PROTECTION
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    equivalents = ("checkov:CKV_AWS_272",)
    options = {"everywhere": False}
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
        message = f"function {resource.logical_id} accepts unsigned code packages (no CodeSigningConfigArn)"
        signing = self._signing(graph)
        if signing is None and self.option("everywhere") is not True:
            return
        yield self.violation(resource, f"{message}, although {signing}" if signing else message,
                             "CodeSigningConfigArn")

    @staticmethod
    def _signing(graph: Graph) -> str | None:
        """How the template shows that the team signs code, or None."""
        for fn in graph.functions:
            if fn.has("CodeSigningConfigArn"):
                return f"function {fn.logical_id} signs its code"
        for config in graph.of_type("AWS::Lambda::CodeSigningConfig"):
            return f"CodeSigningConfig {config.logical_id} exists"
        return None
