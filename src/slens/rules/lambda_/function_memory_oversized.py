import re
from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource, text_of

#: words in a function's id, name, handler or description that announce CPU- or memory-bound work
_HEAVY = re.compile(r"image|video|audio|thumb|resiz|transcod|encod|render|pdf|ocr|model|infer|predict|"
                    r"train|compress|zip|archive|ffmpeg|chromium|puppeteer|browser|batch|etl|report|export|"
                    r"import|search|crawl|scrap|spark|pandas|numpy|java|jvm|spring|sagemaker|llm",
                    re.IGNORECASE)


class FunctionMemoryOversized(Rule):
    """Lambda function with much more memory than its short timeout suggests

    ## What it does
    Flags functions whose `MemorySize` is at least `min_memory` MB (default 3008) while
    their `Timeout` is at most `max_timeout` seconds (default 30; 3 when unset), when
    nothing about the function (its id, name, handler, description, layers, a Java or .NET
    runtime) hints at CPU- or memory-bound work such as media processing or machine learning.

    ## Why it matters
    The Serverless Lens asks you to *measure, evaluate, and select optimum capacity units*
    (PERF 1) and to *optimize function configuration to reduce cost* (COST 1). Lambda bills
    memory times duration: a short request handler given several GB pays for capacity it
    may never use. More memory can make a function faster and cheaper, but only a
    measurement shows it.

    ## How to fix
    Run AWS Lambda Power Tuning against a realistic payload and set `MemorySize` to the
    best cost/latency point. Tune the thresholds with the `min_memory` and `max_timeout`
    options.

    ## When to ignore
    Functions that were measured at this size (write the result in the ignore reason), and
    CPU-bound functions whose purpose the template does not reveal.
    """

    id = "LAM403"
    name = "function-memory-oversized"
    severity = Severity.INFO
    practice = Practices.PERF1_CAPACITY
    services = (Service.LAMBDA,)
    resource_types = ("AWS::Lambda::Function",)
    options = {"min_memory": 3008, "max_timeout": 30}
    fix = {
        "SAM": "MyFunction:\n  Type: AWS::Serverless::Function\n  Properties:\n"
               "    MemorySize: 1024  # from a power-tuning run\n",
        "CloudFormation": "MyFunction:\n  Type: AWS::Lambda::Function\n  Properties:\n"
                          "    MemorySize: 1024  # from a power-tuning run\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        memory = resource.int_prop("MemorySize")
        timeout = resource.int_prop("Timeout") if resource.has("Timeout") else 3
        min_memory, max_timeout = self.option("min_memory"), self.option("max_timeout")
        assert isinstance(min_memory, int) and isinstance(max_timeout, int)
        if memory is None or timeout is None or memory < min_memory or timeout > max_timeout:
            return
        if resource.has("Layers") or resource.prop("PackageType") == "Image" or \
                (resource.str_prop("Runtime") or "").startswith(("java", "dotnet")):
            return  # layers and images carry heavy dependencies; JVM/.NET start-up needs CPU
        words = [resource.logical_id, resource.origin.logical_id, *(
            text_of(resource.prop(key)) or "" for key in ("FunctionName", "Handler", "Description"))]
        if any(_HEAVY.search(w) for w in words):
            return
        yield self.violation(resource, f"function {resource.logical_id} has {memory} MB of memory for a "
                                       f"{timeout} s timeout and nothing suggests CPU-heavy work: measure "
                                       "whether a smaller size is as fast", "MemorySize")
