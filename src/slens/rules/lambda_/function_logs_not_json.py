from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_list, as_mapping, as_str, is_unknown, text_of


class FunctionLogsNotJson(Rule):
    """Lambda function logs in plain text instead of JSON

    ## What it does
    Flags functions whose `LoggingConfig.LogFormat` is not `JSON` (SAM: `LoggingConfig`
    on the function or under `Globals.Function`). Functions that use Powertools for AWS Lambda
    (a `POWERTOOLS_*` environment variable or a Powertools layer), whose logger writes JSON
    whatever the format setting, are skipped. A function is reported only when the app is
    inconsistent: some other function of the template logs JSON (`LogFormat: JSON` or
    Powertools); the message names one. JSON logging is a choice a team makes once, so a
    template where no function logs JSON is not reported; option `everywhere = true` reports
    every plain-text function, whether or not another one logs JSON.

    ## Why it matters
    The Serverless Lens asks you to *use structured and centralized logging* (OPS 1). With the
    JSON format, Lambda writes its own platform lines and every line of the function's logger
    as JSON objects with the request id, level and timestamp, which CloudWatch Logs Insights,
    metric filters and subscription filters can query field by field. Plain-text lines need
    fragile parsing, and the log level settings (`ApplicationLogLevel`, `SystemLogLevel`) only
    apply to JSON logs.

    ## How to fix
    Set `LoggingConfig: {LogFormat: JSON}` (once under `Globals.Function` in SAM), and log
    objects rather than formatted strings.

    ## When to ignore
    Functions that already log JSON with their own library can ignore this rule with a reason.
    Teams that require JSON logs on every function, in templates where none logs JSON yet, set
    `[tool.slens.rules.LAM102] everywhere = true`.
    """

    id = "LAM102"
    name = "function-logs-not-json"
    severity = Severity.LOW
    practice = Practices.OPS1_STRUCTURED_LOGGING
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    options = {"everywhere": False}
    fix = {
        "SAM": "Globals:\n  Function:\n    LoggingConfig:\n      LogFormat: JSON\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    LoggingConfig:\n      LogFormat: JSON\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        value = resource.prop("LoggingConfig", "LogFormat")
        if is_unknown(value) or self._logs_json(resource):
            return
        shown = as_str(value) or "Text, the default"
        message = f"function {resource.logical_id} writes plain-text logs (LogFormat {shown}), not JSON"
        other = next((fn for fn in graph.functions if fn is not resource and self._logs_json(fn)), None)
        if other is None and self.option("everywhere") is not True:
            return
        if other is not None:
            message += f", although function {other.logical_id} of the template logs JSON"
        yield self.violation(resource, message, "LoggingConfig", "LogFormat")

    @classmethod
    def _logs_json(cls, fn: Resource) -> bool:
        return as_str(fn.prop("LoggingConfig", "LogFormat")) == "JSON" or cls._powertools(fn)

    @staticmethod
    def _powertools(fn: Resource) -> bool:
        variables = as_mapping(fn.prop("Environment", "Variables"))
        if any(key.startswith("POWERTOOLS_") for key in variables):
            return True
        return any("powertools" in (text_of(layer) or "").lower() for layer in as_list(fn.prop("Layers")))
