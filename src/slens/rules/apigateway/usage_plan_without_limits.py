from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_mapping, is_unknown


class UsagePlanWithoutLimits(Rule):
    """API Gateway usage plan without a throttle or a quota

    ## What it does
    Flags `AWS::ApiGateway::UsagePlan` resources (SAM `Auth.UsagePlan`) that set no
    `Throttle` (`RateLimit`/`BurstLimit`) or no `Quota` (`Limit` per `Period`).

    ## Why it matters
    The Serverless Lens asks you to *use, analyze, and enforce API quotas* (REL 1). A usage
    plan is how an API-key consumer gets its own request rate and its own daily, weekly or
    monthly allowance; a plan without a throttle lets one key use the whole stage limit,
    and a plan without a quota never stops a consumer that exceeds its agreement.

    ## How to fix
    Give the plan both a `Throttle` (`RateLimit`, `BurstLimit`) and a `Quota` (`Limit`,
    `Period`) that match what each consumer tier is sold or allowed.

    ## When to ignore
    Plans that only identify consumers for metering, where limits are enforced elsewhere
    (per-method throttles in `ApiStages[].Throttle`, a WAF rate rule), can ignore this rule
    with a reason.
    """

    id = "API301"
    name = "usage-plan-without-limits"
    severity = Severity.LOW
    practice = Practices.REL1_QUOTAS
    services = (Service.APIGATEWAY,)
    resource_types = ("AWS::ApiGateway::UsagePlan",)
    fix = {
        "SAM": "MyApi:\n  Type: AWS::Serverless::Api\n  Properties:\n    Auth:\n      ApiKeyRequired: true\n"
               "      UsagePlan:\n        CreateUsagePlan: PER_API\n        Throttle:\n          RateLimit: 50\n"
               "          BurstLimit: 100\n        Quota:\n          Limit: 100000\n          Period: MONTH\n",
        "CloudFormation": "MyUsagePlan:\n  Type: AWS::ApiGateway::UsagePlan\n  Properties:\n    Throttle:\n"
                          "      RateLimit: 50\n      BurstLimit: 100\n    Quota:\n      Limit: 100000\n"
                          "      Period: MONTH\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        missing = []
        for key, fields in (("Throttle", ("RateLimit", "BurstLimit")), ("Quota", ("Limit",))):
            value = resource.prop(key)
            if is_unknown(value):
                continue
            if not any(as_mapping(value).get(f) is not None for f in fields):
                missing.append(key)
        if missing:
            yield self.violation(resource, f"usage plan {resource.logical_id} sets no {' and no '.join(missing)}: "
                                           "API-key consumers on it are not held to a rate or an allowance",
                                 missing[0])
