"""Execution roles: the shared ``IamRoleLambdaExecution``, and one role per function with the
serverless-iam-roles-per-function plugin. Built last: events add the statements they need."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slens.loaders.serverless.common import PROVIDER_ORIGIN, Draft, FunctionInfo, Service, statement
from slens.loaders.serverless.functions import SHARED_ROLE, is_intrinsic
from slens.loaders.spans import collect_spans
from slens.model import Composite, Origin, PropertyPath, Ref, SourceSpan, Unknown

_VPC_POLICY = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
_STATEMENTS: PropertyPath = ("Policies", 0, "PolicyDocument", "Statement")


def _trust(service: str) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": [service]}, "Action": ["sts:AssumeRole"]}]}


def _log_arn(group: Any, suffix: str) -> Composite:
    parts: list[Any] = ["arn:aws:logs:", Unknown("AWS::Region"), ":", Unknown("AWS::AccountId"), ":log-group:"]
    parts += group.parts if isinstance(group, Composite) else [group]
    return Composite((*parts, suffix))


def _log_statements(svc: Service, fns: list[FunctionInfo]) -> list[Any]:
    groups = [svc.drafts[f"{fn.norm}LogGroup"].properties["LogGroupName"] for fn in fns
              if f"{fn.norm}LogGroup" in svc.drafts]
    if not groups:
        return []
    return [statement(["logs:CreateLogStream", "logs:CreateLogGroup", "logs:TagResource"],
                      [_log_arn(g, ":*") for g in groups]),
            statement(["logs:PutLogEvents"], [_log_arn(g, ":*:*") for g in groups])]


def _unique(items: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out: list[Any] = []
    for item in items:
        key = repr(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


class _Role:
    def __init__(self, svc: Service, role_id: str, fns: list[FunctionInfo]) -> None:
        self.svc = svc
        self.role_id = role_id
        self.fns = fns
        self.statements: list[Any] = _log_statements(svc, fns)
        self.spans: dict[PropertyPath, SourceSpan] = {}
        self.managed: list[Any] = []

    def written(self, node: Any) -> None:
        """Statements the user wrote (a list, or a value only known at deploy time)."""
        if node is None:
            return
        if not isinstance(node, list):
            self.statements.append(node)
            return
        offset = len(self.statements)
        for path, span in collect_spans(node, self.svc.file).items():
            index = path[0]
            if isinstance(index, int):
                self.spans[(*_STATEMENTS, offset + index, *path[1:])] = span
        self.statements.extend(node)

    def build(self, span: SourceSpan, origin: Origin, name: Any, path: Any = "/",
              boundary: Any = None) -> None:
        self.statements.extend(_unique(self.svc.role_statements.get(self.role_id, [])))
        if any("VpcConfig" in self.svc.drafts[fn.logical_id].properties for fn in self.fns):
            self.managed.append(_VPC_POLICY)
        props: dict[str, Any] = {
            "AssumeRolePolicyDocument": _trust("lambda.amazonaws.com"),
            "Policies": [{"PolicyName": name, "PolicyDocument": {"Version": "2012-10-17",
                                                                   "Statement": self.statements}}],
            "Path": path, "RoleName": name,
        }
        if self.managed:
            props["ManagedPolicyArns"] = self.managed
        if boundary is not None:
            props["PermissionsBoundary"] = boundary
        self.svc.add(Draft(self.role_id, "AWS::IAM::Role", props, span, origin, self.spans))


def _shared(svc: Service, fns: list[FunctionInfo]) -> None:
    provider = svc.provider
    iam = provider.get("iam")
    config = iam.get("role") if isinstance(iam, Mapping) else None
    if not isinstance(config, Mapping) or is_intrinsic(config):
        config = {}
    role = _Role(svc, SHARED_ROLE, fns)
    statements_holder, statements_key = (config, "statements") if "statements" in config else \
        (provider, "iamRoleStatements")
    role.written(statements_holder.get(statements_key))
    managed_holder, managed_key = (config, "managedPolicies") if "managedPolicies" in config else \
        (provider, "iamManagedPolicies")
    managed = managed_holder.get(managed_key)
    if isinstance(managed, list):
        role.managed.extend(managed)
        role.spans[("ManagedPolicyArns",)] = svc.span(managed_holder, managed_key)
    if isinstance(iam, Mapping) and "role" in iam:
        span = svc.span(iam, "role")
    elif "iamRoleStatements" in provider:
        span = svc.span(provider, "iamRoleStatements")
    else:
        span = svc.span(svc.doc, "provider")
    origin = Origin(SHARED_ROLE, PROVIDER_ORIGIN, span, "provider.iam.role")
    name = config.get("name") or svc.prefixed("lambdaRole")
    boundary = config.get("permissionsBoundary") or provider.get("rolePermissionsBoundary")
    role.build(span, origin, name, config.get("path") or "/", boundary)


def _per_function(svc: Service, fn: FunctionInfo) -> None:
    role = _Role(svc, fn.role_id or "", [fn])
    custom = svc.doc.get("custom")
    settings = custom.get("serverless-iam-roles-per-function") if isinstance(custom, Mapping) else None
    inherit = fn.node.get("iamRoleStatementsInherit")
    if inherit is None and isinstance(settings, Mapping):
        inherit = settings.get("defaultInherit")
    if inherit is True:
        iam = svc.provider.get("iam")
        config = iam.get("role") if isinstance(iam, Mapping) else None
        inherited = config.get("statements") if isinstance(config, Mapping) else \
            svc.provider.get("iamRoleStatements")
        role.written(inherited)
    role.written(fn.node.get("iamRoleStatements"))
    span = svc.span(fn.node, "iamRoleStatements")
    name = fn.node.get("iamRoleStatementsName") or svc.prefixed(f"{fn.key}-lambdaRole")
    role.build(span, fn.origin, name)


def build_roles(svc: Service) -> None:
    users: dict[str, list[FunctionInfo]] = {}
    for fn in svc.functions.values():
        if fn.role_id is not None:
            users.setdefault(fn.role_id, []).append(fn)
    for role_id, fns in users.items():
        if role_id == SHARED_ROLE:
            _shared(svc, fns)
        else:
            _per_function(svc, fns[0])


def state_machine_role(svc: Service, role_id: str, functions: list[str], span: SourceSpan, origin: Origin) -> None:
    """The role serverless-step-functions generates: invoke the functions the definition names."""
    statements: list[Any] = []
    if functions:
        resources: list[Any] = []
        for logical_id in functions:
            resources += [Ref(logical_id, "Arn"), Composite((Ref(logical_id, "Arn"), ":*"))]
        statements.append(statement(["lambda:InvokeFunction"], resources))
    props = {"AssumeRolePolicyDocument": _trust("states.amazonaws.com"),
             "Policies": [{"PolicyName": svc.prefixed("statemachine"),
                           "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}}]}
    svc.add(Draft(role_id, "AWS::IAM::Role", props, span, origin))


__all__ = ["build_roles", "state_machine_role"]
