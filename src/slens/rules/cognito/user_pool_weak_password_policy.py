from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_bool, as_int, as_mapping, is_unknown

_CLASSES = (("RequireUppercase", "uppercase"), ("RequireLowercase", "lowercase"), ("RequireNumbers", "numbers"),
            ("RequireSymbols", "symbols"))


class UserPoolWeakPasswordPolicy(Rule):
    """Cognito user pool with a weak password policy

    ## What it does
    Flags `AWS::Cognito::UserPool` password policies shorter than 8 characters, or that
    drop character classes (`RequireUppercase`, `RequireLowercase`, `RequireNumbers`,
    `RequireSymbols` false or left out) without asking for long passphrases instead
    (`passphrase_length` option, 14 by default). A pool without a `PasswordPolicy` gets
    Cognito's default (8 characters, every class) and passes.

    ## Why it matters
    The Serverless Lens asks you to *use authentication and authorization mechanisms*
    (SEC 1) such as Cognito user pools in front of your API; they protect it only as well as
    the passwords they accept. Short or single-class passwords fall to credential stuffing
    and guessing, and every API route the pool guards falls with them.

    ## How to fix
    Require at least 8 characters and every character class, or at least
    `passphrase_length` characters: `Policies.PasswordPolicy` with `MinimumLength: 12` and the
    `Require*` flags set to `true`. Consider the Plus feature plan's compromised-credential
    checks.

    ## When to ignore
    Pools whose users sign in only through a federated identity provider, where Cognito
    passwords are never used, can ignore this rule with a reason.
    """

    id = "COG201"
    name = "user-pool-weak-password-policy"
    severity = Severity.MEDIUM
    practice = Practices.SEC1_AUTH
    services = (Service.COGNITO,)
    resource_types = ("AWS::Cognito::UserPool",)
    equivalents = ("cdk-nag:AwsSolutions-COG1",)
    options = {"passphrase_length": 14}
    fix = {
        "SAM": "UserPool:\n  Type: AWS::Cognito::UserPool\n  Properties:\n    Policies:\n      PasswordPolicy:\n"
               "        MinimumLength: 12\n        RequireUppercase: true\n        RequireLowercase: true\n"
               "        RequireNumbers: true\n        RequireSymbols: true\n",
        "CloudFormation": "UserPool:\n  Type: AWS::Cognito::UserPool\n  Properties:\n    Policies:\n"
                          "      PasswordPolicy:\n        MinimumLength: 12\n        RequireUppercase: true\n"
                          "        RequireLowercase: true\n        RequireNumbers: true\n"
                          "        RequireSymbols: true\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        policy = resource.prop("Policies", "PasswordPolicy")
        if policy is None or is_unknown(policy):
            return
        settings = as_mapping(policy)
        length_value = settings.get("MinimumLength")
        length = 8 if length_value is None else as_int(length_value)
        if length is None:
            return
        where = ("Policies", "PasswordPolicy")
        if length < 8:
            yield self.violation(resource, f"user pool {resource.logical_id} accepts passwords of {length} "
                                           "characters (MinimumLength below 8)", *where, "MinimumLength")
            return
        flags = [settings.get(key) for key, _ in _CLASSES]
        if any(is_unknown(f) for f in flags):
            return
        missing = [label for (key, label), flag in zip(_CLASSES, flags, strict=True) if as_bool(flag) is not True]
        passphrase = self.option("passphrase_length")
        if missing and isinstance(passphrase, int) and length < passphrase:
            yield self.violation(resource, f"user pool {resource.logical_id} accepts {length}-character passwords "
                                           f"without {', '.join(missing)}", *where)
