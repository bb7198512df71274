"""IAM roles of the live inventory as a template declares them: inline policies in ``Policies``,
every attached policy's ARN in ``ManagedPolicyArns``, and each customer managed policy as an
``AWS::IAM::ManagedPolicy`` with its document.

AWS managed policies stay ARNs, as in a template: the rules judge them by name (an
``AdministratorAccess`` attached), and their documents, which no team writes, would turn every
``AWSLambdaBasicExecutionRole`` into a wildcard finding that no template twin has.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.loaders.aws.mapping_base import (
    Context,
    Draft,
    Item,
    compact,
    items,
    label_of,
    need_str,
    obj,
    parse_json,
    tags,
    text,
)

_AWS_MANAGED = ":iam::aws:policy/"


def role(ctx: Context, item: Item) -> None:
    name = need_str(item, "RoleName")
    arn = text(item, "Arn") or f"arn:{ctx.partition}:iam::{ctx.account}:role{item.get('Path') or '/'}{name}"
    inline = item.get("InlinePolicies")
    policies = [{"PolicyName": str(policy_name), "PolicyDocument": parse_json(document)}
                for policy_name, document in (inline.items() if isinstance(inline, Mapping) else ())]
    attached: list[str] = []
    for policy in items(item, "AttachedPolicies"):
        policy_arn = policy.get("PolicyArn") if isinstance(policy, Mapping) else None
        if not isinstance(policy_arn, str):
            ctx.problem("iam", name, "an attached policy without a PolicyArn")
            continue
        attached.append(policy_arn)
        if _AWS_MANAGED not in policy_arn:
            _managed_policy(ctx, policy_arn, policy)
    boundary = (item.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    path = item.get("Path") if item.get("Path") != "/" else None
    props = compact({"RoleName": name, "Path": path, "Description": item.get("Description") or None,
                     "AssumeRolePolicyDocument": parse_json(item.get("AssumeRolePolicyDocument")),
                     "MaxSessionDuration": item.get("MaxSessionDuration"), "PermissionsBoundary": boundary,
                     "Policies": policies, "ManagedPolicyArns": attached, "Tags": tags(item.get("Tags"))})
    if props.get("MaxSessionDuration") == 3600:
        del props["MaxSessionDuration"]  # the default, which a template leaves out
    # when the role was last used, as IAM tracks it (an empty RoleLastUsed: not in the tracking period)
    last_used = item.get("RoleLastUsed")
    usage = compact({"aws:createDate": text(item, "CreateDate"),
                     "aws:roleLastUsed": text(last_used, "LastUsedDate") if isinstance(last_used, Mapping) else None})
    if isinstance(last_used, Mapping):
        usage["aws:roleUsageRead"] = True
    ctx.add(Draft("AWS::IAM::Role", name, arn, props, {arn: "Arn"}, {name: None}, name, "iam", usage))


def _managed_policy(ctx: Context, arn: str, policy: Mapping[str, Any]) -> None:
    if any(d.arn == arn for d in ctx.drafts if d.type == "AWS::IAM::ManagedPolicy"):
        return  # attached to several roles of the partition: one policy, as in a template
    name = text(policy, "PolicyName") or arn.rsplit("/", 1)[-1]
    document = parse_json(policy.get("Document"))
    if not isinstance(document, Mapping):
        ctx.problem("iam", name, "the attached policy has no readable document: its statements are not reviewed")
    ctx.add(Draft("AWS::IAM::ManagedPolicy", name, arn,
                  compact({"ManagedPolicyName": name, "PolicyDocument": document if isinstance(document, Mapping)
                           else None}), {arn: None}, physical=arn, service="iam"))


def map_iam(ctx: Context, services: Mapping[str, Any]) -> None:
    iam = obj(services, "iam")
    ctx.each("iam", "role", items(iam, "roles"), role, label_of("Arn", "RoleName"))
