from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, as_mapping, as_str

#: environment variables that set a log level in common logging libraries
_LEVEL_VARIABLES = ("LOG_LEVEL", "LOGLEVEL", "POWERTOOLS_LOG_LEVEL", "AWS_LAMBDA_LOG_LEVEL", "LOGGING_LEVEL",
                    "DEBUG_LEVEL", "RUST_LOG")
_VERBOSE = ("DEBUG", "TRACE", "ALL", "VERBOSE")


class FunctionWithDebugLogging(Rule):
    """Lambda function deployed with debug logging on

    ## What it does
    Flags functions whose `LoggingConfig.ApplicationLogLevel` or `SystemLogLevel` is `DEBUG`
    or `TRACE`, or whose environment sets a log-level variable (`LOG_LEVEL`,
    `POWERTOOLS_LOG_LEVEL`, `AWS_LAMBDA_LOG_LEVEL`, `RUST_LOG`, ...) to `DEBUG`, `TRACE`,
    `ALL` or `VERBOSE`, or turns on `POWERTOOLS_LOGGER_LOG_EVENT` (every event logged in full).

    ## Why it matters
    The Serverless Lens asks you to *optimize logging output and its retention* (COST 1):
    CloudWatch Logs bills every GB ingested, and debug output is usually most of a
    function's log volume; full event logging can also write personal data to the logs.

    ## How to fix
    Default to `INFO` or `WARN` and raise the level per environment through a parameter, or
    sample debug logs for a small share of invocations (Powertools
    `POWERTOOLS_LOGGER_SAMPLE_RATE`).

    ## When to ignore
    Development or test stacks that are never deployed to production: prefer a parameter
    that defaults to `INFO` over ignoring.
    """

    id = "LAM406"
    name = "function-with-debug-logging"
    severity = Severity.LOW
    practice = Practices.COST1_LOGGING
    services = (Service.LAMBDA, Service.LOGS)
    resource_types = ("AWS::Lambda::Function",)
    fix = {
        "SAM": (
            "Globals:\n"
            "  Function:\n"
            "    LoggingConfig:\n"
            "      LogFormat: JSON\n"
            "      ApplicationLogLevel: INFO\n"
            "    Environment:\n"
            "      Variables:  # Powertools reads its own settings\n"
            "        POWERTOOLS_LOG_LEVEL: INFO\n"
            "        POWERTOOLS_LOGGER_LOG_EVENT: 'false'\n"
        ),
        "CloudFormation": (
            "MyFunction:\n"
            "  Type: AWS::Lambda::Function\n"
            "  Properties:\n"
            "    LoggingConfig:\n"
            "      LogFormat: JSON\n"
            "      ApplicationLogLevel: INFO\n"
            "    Environment:\n"
            "      Variables:  # Powertools reads its own settings\n"
            "        POWERTOOLS_LOG_LEVEL: INFO\n"
            "        POWERTOOLS_LOGGER_LOG_EVENT: 'false'\n"
        ),
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        fn = resource.logical_id
        for key in ("ApplicationLogLevel", "SystemLogLevel"):
            level = (resource.str_prop("LoggingConfig", key) or "").upper()
            if level in _VERBOSE:
                yield self.violation(resource, f"function {fn} logs at {level} (LoggingConfig.{key})",
                                     "LoggingConfig", key)
        for name, value in as_mapping(resource.prop("Environment", "Variables")).items():
            text = (as_str(value) or "").strip()
            if (name.upper() in _LEVEL_VARIABLES and text.split(",")[0].upper() in _VERBOSE) or \
                    (name.upper() == "POWERTOOLS_LOGGER_LOG_EVENT" and text.lower() == "true"):
                yield self.violation(resource, f"function {fn} sets {name}={text} in its environment",
                                     "Environment", "Variables", name)
