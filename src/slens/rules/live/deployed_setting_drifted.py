from collections.abc import Mapping

from slens.engine import Rule, Service, Severity
from slens.lens import Practices
from slens.model import PropertyPath, Value

_SNIPPET = ("# deploy the template again, so that the account has what it says:\n"
            "#   sam deploy --stack-name tiny      (or: aws cloudformation deploy ...)\n"
            "# or, when the change in the account was right, write it into the template:\n"
            "StackQueue:\n  Type: AWS::SQS::Queue\n  Properties:\n    VisibilityTimeout: 30\n")

#: what AWS applies where nothing is set, for settings an account may show as absent (the live
#: mapping leaves a function's default memory and timeout out, as a template would)
_DEFAULTS: Mapping[tuple[str, PropertyPath], Value] = {
    ("AWS::Lambda::Function", ("MemorySize",)): 128,
    ("AWS::Lambda::Function", ("Timeout",)): 3,
    ("AWS::Lambda::Function", ("TracingConfig", "Mode")): "PassThrough",
    ("AWS::SQS::Queue", ("VisibilityTimeout",)): 30,
    ("AWS::SQS::Queue", ("MessageRetentionPeriod",)): 345600,
    ("AWS::DynamoDB::Table", ("BillingMode",)): "PROVISIONED",
    ("AWS::StepFunctions::StateMachine", ("TracingConfiguration", "Enabled")): False,
}


def _normal(value: Value) -> str:
    """Templates write numbers and booleans as strings as often as not; CloudFormation reads both."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    if text.lower() in ("true", "false"):
        return text.lower()
    try:
        return str(int(text))
    except ValueError:
        return text


class DeployedSettingDrifted(Rule):
    """Deployed setting that differs from its template

    ## What it does
    When an account is reviewed together with templates (`slens scan --aws ./infra`), each
    CloudFormation stack of the account is matched with the reviewed template that holds the
    most of its logical ids (and at least half of them). For each resource of the stack, the
    settings other rules judge are compared with the template's where the template writes them
    as literal values (not references, parameters or conditions): a function's `Runtime`,
    `MemorySize`, `Timeout`, `TracingConfig.Mode` and `ReservedConcurrentExecutions`; a queue's
    `VisibilityTimeout`, `MessageRetentionPeriod` and `RedrivePolicy.maxReceiveCount`; a log
    group's `RetentionInDays`; a table's `BillingMode`; a state machine's
    `TracingConfiguration.Enabled`. A setting the account does not show is compared with the
    AWS default where there is one, and otherwise not at all. The finding sits on the
    template's line and names both values.

    ## Why it matters
    Infrastructure as code is only a record of the application when the application is what it
    says (OPS 2). A setting changed by hand in the console, or a template changed and never
    deployed, means the template reviewed is not what runs: the next deployment silently undoes
    the change, or the review approves a configuration that nobody deployed.

    ## How to fix
    Deploy the template again, so that the stack has what it says; or, when the change made in
    the account was the right one, write it into the template and deploy that. CloudFormation
    drift detection (`aws cloudformation detect-stack-drift`) lists every changed property.

    ## When to ignore
    During a deployment that is still rolling out, or for a setting that an operator changes on
    purpose at run time (concurrency during an incident): suppress it in the template with a
    reason, so that the change stays on record.
    """

    id = "DRF001"
    name = "deployed-setting-drifted"
    severity = Severity.MEDIUM
    practice = Practices.OPS2_IAC_STAGES
    services = (Service.CLOUDFORMATION,)
    resource_types = ()
    compares = {
        "AWS::Lambda::Function": (("Runtime",), ("MemorySize",), ("Timeout",), ("TracingConfig", "Mode"),
                                  ("ReservedConcurrentExecutions",)),
        "AWS::SQS::Queue": (("VisibilityTimeout",), ("MessageRetentionPeriod",),
                            ("RedrivePolicy", "maxReceiveCount")),
        "AWS::Logs::LogGroup": (("RetentionInDays",),),
        "AWS::DynamoDB::Table": (("BillingMode",),),
        "AWS::StepFunctions::StateMachine": (("TracingConfiguration", "Enabled"),),
    }
    equivalents = ("cloudformation:DetectStackDrift",)
    fix = {"SAM": _SNIPPET, "CloudFormation": _SNIPPET}

    def compare(self, type_: str, path: PropertyPath, declared: Value, deployed: Value) -> str | None:
        shown = deployed if deployed is not None else _DEFAULTS.get((type_, path))
        if shown is None or _normal(shown) == _normal(declared):
            return None
        setting = ".".join(map(str, path))
        default = " (the AWS default)" if deployed is None else ""
        return (f"deployed {setting} is {shown}{default}, the template says {declared}: the account was changed "
                "after deployment, or the template was changed and not deployed")
