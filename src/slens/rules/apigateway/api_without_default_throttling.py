from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, PropertyPath, Resource, Value, as_list, as_mapping, as_str, is_unknown
from slens.model.stages import HTTP_STAGE, STAGE_TYPES, settings_root
from slens.rules.wording import stage_label

_LIMITS = ("ThrottlingBurstLimit", "ThrottlingRateLimit")


def _missing(settings: Value) -> list[str] | None:
    """The limits a settings block lacks; None when it cannot be known."""
    if is_unknown(settings) or any(is_unknown(v) for v in as_mapping(settings).values()):
        return None
    return [k for k in _LIMITS if as_mapping(settings).get(k) is None]


class ApiWithoutDefaultThrottling(Rule):
    """API Gateway stage without default throttling

    ## What it does
    Flags REST API stages without a `MethodSettings` entry for every method
    (`ResourcePath: "/*"`, `HttpMethod: "*"`) that sets both `ThrottlingBurstLimit` and
    `ThrottlingRateLimit` (a deployment's `StageDescription` may also set them directly), and
    HTTP or WebSocket stages without both limits in `DefaultRouteSettings`. Usage plans do not
    count: they throttle API-key clients only.

    ## Why it matters
    The Serverless Lens asks you to *use throttling to control inbound request rates*
    (REL 1). Without stage limits, one client can use the whole account-level API Gateway quota
    (10,000 requests per second shared by every API of the Region) and drive the functions
    behind the API into their concurrency limit, starving every other workload.

    ## How to fix
    Set limits that match what the backend sustains: `MethodSettings` with
    `ResourcePath: "/*"`, `HttpMethod: "*"`, `ThrottlingBurstLimit` and `ThrottlingRateLimit`
    on REST stages (SAM `Api`), `DefaultRouteSettings` on HTTP stages (SAM `HttpApi`).

    ## When to ignore
    APIs behind a proxy that already enforces rate limits (a CloudFront function, AWS WAF
    rate-based rules) can ignore this rule with a reason.
    """

    id = "API004"
    name = "api-without-default-throttling"
    severity = Severity.MEDIUM
    practice = Practices.REL1_THROTTLING
    services = (Service.APIGATEWAY,)
    resource_types = STAGE_TYPES
    equivalents = ("serverless-rules:ES2003", "cdk-nag:Serverless-APIGWDefaultThrottling")
    fix = {
        "SAM": "Globals:\n  HttpApi:  # the implicit HTTP API and every AWS::Serverless::HttpApi\n"
               "    DefaultRouteSettings:\n      ThrottlingBurstLimit: 100\n      ThrottlingRateLimit: 50\n"
               "Resources:\n  MyApi:\n    Type: AWS::Serverless::Api\n    Properties:\n      MethodSettings:\n"
               "        - ResourcePath: /*\n          HttpMethod: '*'\n          ThrottlingBurstLimit: 100\n"
               "          ThrottlingRateLimit: 50\n",
        "CloudFormation": "ProdStage:\n  Type: AWS::ApiGateway::Stage\n  Properties:\n    MethodSettings:\n"
                          "      - ResourcePath: /*\n        HttpMethod: '*'\n        ThrottlingBurstLimit: 100\n"
                          "        ThrottlingRateLimit: 50\nHttpStage:  # an HTTP API's stage\n"
                          "  Type: AWS::ApiGatewayV2::Stage\n  Properties:\n    DefaultRouteSettings:\n"
                          "      ThrottlingBurstLimit: 100\n      ThrottlingRateLimit: 50\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        root = settings_root(resource, graph)
        if root is None:
            return
        missing: list[str] | None
        if resource.type == HTTP_STAGE:
            key: PropertyPath = ("DefaultRouteSettings",)
            missing = _missing(resource.prop(*key))
        else:
            key = (*root, "MethodSettings")
            entries = resource.prop(*key)
            if is_unknown(entries) or any(is_unknown(e) for e in as_list(entries)):
                return
            candidates = [e for e in as_list(entries) if as_str(as_mapping(e).get("ResourcePath")) == "/*"
                          and as_str(as_mapping(e).get("HttpMethod")) == "*"]
            if root:  # a deployment's StageDescription sets stage-wide limits itself
                candidates.append(resource.prop(*root))
            found = [_missing(c) for c in candidates]
            if any(m is None for m in found):
                return
            missing = min((m for m in found if m is not None), key=len, default=list(_LIMITS))
        if missing:
            yield self.violation(resource, f"{stage_label(resource, graph)} has no default throttling "
                                           f"({' and '.join(missing)} not set for every route)", *key)

