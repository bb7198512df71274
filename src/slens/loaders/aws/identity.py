"""IAM roles and KMS keys: only those the partitions' resources name, not the whole account.

Roles are found by their ARNs anywhere in what was read (function roles, state machine roles,
integration credentials, target roles, stack service roles); keys by their ARNs and by the
fields that hold a key id or alias.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import unquote

from slens.loaders.aws.context import Partition

ROLE_ARN = re.compile(r"^arn:aws[\w-]*:iam::(\d{12}):role/(?:[\w+=,.@/-]*/)?([\w+=,.@-]+)$")
KEY_ARN = re.compile(r"^arn:aws[\w-]*:kms:([\w-]+):\d{12}:(?:key|alias)/[\w/+=,.@-]+$")
#: fields that name a key by id, alias or ARN (SQS, SNS, Step Functions, Kinesis, logs)
KEY_FIELDS = frozenset({"KmsMasterKeyId", "KMSMasterKeyArn", "KMSKeyArn", "kmsKeyId", "KmsKeyId", "KeyId",
                        "kmsKeyArn"})


def _strings(value: Any, field: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, str(key))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, field)
    elif isinstance(value, str):
        yield field, value


def named_roles(services: dict[str, Any], account: str) -> list[str]:
    """Names of this account's roles that the services' data names, sorted."""
    found = set()
    for _field, text in _strings(services):
        match = ROLE_ARN.match(text)
        if match and match[1] == account:
            found.add(match[2])
    return sorted(found)


def named_keys(services: dict[str, Any], region: str) -> list[str]:
    """Key ids, aliases or ARNs of this region that the services' data names, sorted."""
    found = set()
    for field, text in _strings(services):
        arn = KEY_ARN.match(text)
        if (arn and arn[1] == region) or (field in KEY_FIELDS and text and not text.startswith("arn:")
                                   and re.fullmatch(r"[\w/+=,.@:-]+", text)):
            found.add(text)
    return sorted(found)


def _document(value: Any) -> Any:
    """A policy document: botocore decodes IAM's URL-encoded JSON itself; older ones may not."""
    if isinstance(value, str):
        try:
            return json.loads(unquote(value))
        except ValueError:
            return value
    return value


class PolicyCache:
    """Managed policies' default documents, read once however many roles attach them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._documents: dict[str, Any] = {}

    def document(self, p: Partition, arn: str) -> Any:
        with self._lock:
            if arn in self._documents:
                return self._documents[arn]
        policy = p.call("iam", "GetPolicy", resource=arn, PolicyArn=arn)
        version_id = ((policy or {}).get("Policy") or {}).get("DefaultVersionId")
        document = None
        if version_id:
            version = p.call("iam", "GetPolicyVersion", resource=arn, PolicyArn=arn, VersionId=version_id)
            document = _document(((version or {}).get("PolicyVersion") or {}).get("Document"))
        with self._lock:
            self._documents[arn] = document
        return document


def read_roles(p: Partition, names: Iterable[str]) -> dict[str, Any]:
    cache = PolicyCache()

    def one(name: str) -> dict[str, Any] | None:
        got = p.call("iam", "GetRole", resource=name, absent=("NoSuchEntity",), RoleName=name)
        if got is None:
            return None
        role: dict[str, Any] = got.get("Role") or {"RoleName": name}
        role["AssumeRolePolicyDocument"] = _document(role.get("AssumeRolePolicyDocument"))
        inline = {}
        for policy_name in p.pages("iam", "ListRolePolicies", "PolicyNames", resource=name, RoleName=name):
            policy = p.call("iam", "GetRolePolicy", resource=f"{name}/{policy_name}", RoleName=name,
                            PolicyName=policy_name)
            if policy is not None:
                inline[policy_name] = _document(policy.get("PolicyDocument"))
        role["InlinePolicies"] = inline
        attached = p.pages("iam", "ListAttachedRolePolicies", "AttachedPolicies", resource=name, RoleName=name)
        role["AttachedPolicies"] = [{**a, "Document": cache.document(p, a["PolicyArn"])} for a in attached]
        return role

    return {"roles": [r for r in p.each(one, names) if r is not None]}


def read_keys(p: Partition, references: Iterable[str]) -> dict[str, Any]:
    def one(reference: str) -> dict[str, Any] | None:
        described = p.call("kms", "DescribeKey", resource=reference, absent=("NotFoundException",), KeyId=reference)
        metadata: dict[str, Any] | None = (described or {}).get("KeyMetadata")
        if metadata is None:
            return None
        rotation = p.call("kms", "GetKeyRotationStatus", resource=metadata.get("Arn"), KeyId=metadata["KeyId"])
        metadata["RotationEnabled"] = None if rotation is None else rotation.get("KeyRotationEnabled")
        return metadata

    keys: dict[str, dict[str, Any]] = {}
    for metadata in p.each(one, references):
        if metadata is not None:  # an alias and the key's ARN are the same key
            keys.setdefault(metadata.get("Arn") or metadata["KeyId"], metadata)
    return {"keys": list(keys.values())}
