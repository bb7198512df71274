"""A resource block after evaluation: attribute values, nested blocks and where each was written."""

from __future__ import annotations

from dataclasses import dataclass, field

from slens.model import Ref, SourceSpan, Value

# Terraform attribute -> CloudFormation attribute of a reference; names and ids are the ``Ref`` value
_REF_ATTRIBUTES = {"arn": "Arn", "stream_arn": "StreamArn", "invoke_arn": "Arn", "qualified_arn": "Arn",
                   "qualified_invoke_arn": "Arn", "execution_arn": "Arn", "api_endpoint": "ApiEndpoint",
                   "root_resource_id": "RootResourceId", "unique_id": "RoleId", "version": "Version",
                   "function_url": "FunctionUrl", "kms_key_id": "KmsKeyId", "secret": "SecretAccessKey"}
_NAME_ATTRIBUTES = ("id", "name", "url", "function_name", "bucket", "stage_name", "http_method", "rule")


def reference(address: str, attribute: str | None) -> Ref:
    """``aws_sqs_queue.jobs.arn`` -> ``Ref("aws_sqs_queue.jobs", "Arn")``; ids and names -> plain ``Ref``."""
    if attribute is None or attribute in _NAME_ATTRIBUTES:
        return Ref(address)
    return Ref(address, _REF_ATTRIBUTES.get(attribute) or "".join(p.title() for p in attribute.split("_")))


@dataclass
class Obj:
    attrs: dict[str, Value]
    span: SourceSpan
    lines: dict[str, SourceSpan] = field(default_factory=dict)
    blocks: dict[str, list[Obj]] = field(default_factory=dict)

    def get(self, name: str) -> Value:
        return self.attrs.get(name)

    def span_of(self, name: str) -> SourceSpan:
        return self.lines.get(name, self.span)

    def blocks_of(self, name: str) -> list[Obj]:
        """Nested blocks; plan files write them as lists of objects, which count too."""
        if name in self.blocks:
            return self.blocks[name]
        value = self.attrs.get(name)
        items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        span = self.span_of(name)
        return [Obj(dict(item), span) for item in items if isinstance(item, dict)]

    def block(self, name: str) -> Obj | None:
        found = self.blocks_of(name)
        return found[0] if found else None
