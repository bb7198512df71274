"""IAM policy statements, read from roles, inline and attached policies."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from slens.model.iam_actions import Action, applies_to, arn_glob, arn_service, canonical, expand, unscopable
from slens.model.resources import Resource
from slens.model.values import PropertyPath, Ref, Value, as_list, as_mapping, as_str, lookup, refs_in, text_of


@dataclass(frozen=True)
class Statement:
    """One statement; ``actions`` holds only the literal action strings (lower-cased)."""

    holder: Resource
    path: PropertyPath
    effect: str
    actions: tuple[str, ...]
    not_action: bool
    resources: tuple[Value, ...]
    not_resource: bool
    principal: Value
    condition: Value

    @property
    def allows(self) -> bool:
        return self.effect.lower() == "allow"

    @property
    def canonical_actions(self) -> tuple[str, ...]:
        """The actions as the IAM catalogue spells them (``dynamodb:GetItem``), for messages."""
        return tuple(canonical(a) for a in self.actions)

    @property
    def scopable_actions(self) -> tuple[str, ...]:
        """The actions (canonical) that a resource ARN could scope: not those that take no resource
        ARN, nor wildcards that grant mostly such actions (``xray:*``, ``ec2:Describe*``)."""
        return tuple(canonical(a) for a in self.actions if not unscopable(a))

    @property
    def wildcard_actions(self) -> tuple[str, ...]:
        """Actions that grant every action, or every action of a service (``*``, ``s3:*``)."""
        return tuple(a for a in self.actions if a == "*" or a.endswith(":*"))

    @property
    def has_wildcard_resource(self) -> bool:
        return self.not_resource or any(as_str(r) == "*" for r in self.resources)

    @property
    def resource_refs(self) -> tuple[Ref, ...]:
        return tuple(ref for r in self.resources for ref in refs_in(r))


def _statements_in(holder: Resource, document: Value, path: PropertyPath) -> Iterator[Statement]:
    raw = lookup(document, ("Statement",))
    items = [raw] if isinstance(raw, dict) else as_list(raw)
    for index, item in enumerate(items):
        stmt = as_mapping(item)
        if not stmt:
            continue
        actions_key = "NotAction" if "NotAction" in stmt else "Action"
        resources_key = "NotResource" if "NotResource" in stmt else "Resource"
        actions = tuple(a.lower() for a in (as_str(x) for x in as_list(stmt.get(actions_key))) if a)
        suffix: PropertyPath = ("Statement", index) if isinstance(raw, list) else ("Statement",)
        yield Statement(
            holder=holder,
            path=(*path, *suffix),
            # an Effect only known at deploy time is neither Allow nor Deny: rules cannot judge it
            effect=as_str(stmt.get("Effect")) or ("Allow" if "Effect" not in stmt else "Unknown"),
            actions=actions,
            not_action=actions_key == "NotAction",
            resources=tuple(as_list(stmt.get(resources_key))),
            not_resource=resources_key == "NotResource",
            principal=stmt.get("Principal"),
            condition=stmt.get("Condition"),
        )


def policy_statements(holder: Resource) -> Iterator[Statement]:
    """Statements written on ``holder``: a role's inline policies or a policy's document."""
    if holder.type == "AWS::IAM::Role":
        for index, policy in enumerate(as_list(holder.prop("Policies"))):
            yield from _statements_in(holder, lookup(policy, ("PolicyDocument",)),
                                      ("Policies", index, "PolicyDocument"))
    else:
        yield from _statements_in(holder, holder.prop("PolicyDocument"), ("PolicyDocument",))


def trust_statements(role: Resource) -> Iterator[Statement]:
    yield from _statements_in(role, role.prop("AssumeRolePolicyDocument"), ("AssumeRolePolicyDocument",))


def principals(value: Value) -> tuple[str, ...]:
    """Every principal named in a ``Principal`` block (``*`` for the anonymous wildcard)."""
    if as_str(value) == "*":
        return ("*",)
    out: list[str] = []
    for kind, names in as_mapping(value).items():
        for name in as_list(names):
            text = as_str(name)
            if text is not None:
                out.append("*" if text == "*" and kind == "AWS" else text)
            elif name is not None:
                out.append(f"<{kind}>")
    return tuple(out)


#: AWS managed policies that grant everything, or everything of a service
_ADMIN_POLICIES = frozenset({"administratoraccess", "poweruseraccess", "iamfullaccess",
                             "amazonapigatewayadministrator", "secretsmanagerreadwrite"})


def managed_policy_arns(role: Resource) -> list[tuple[int, str]]:
    """(index, policy name) of every AWS managed policy attached by ARN, ``Fn::Sub`` ARNs included.
    Customer managed policies (an account id instead of ``aws``) are not listed: their names say
    nothing about what they grant."""
    out: list[tuple[int, str]] = []
    for index, arn in enumerate(as_list(role.prop("ManagedPolicyArns"))):
        text = text_of(arn)
        if text and ":iam::aws:policy/" in text:
            out.append((index, text.rsplit("/", 1)[-1]))
    return out


def is_admin_policy(name: str) -> bool:
    lowered = name.lower()
    return lowered in _ADMIN_POLICIES or lowered.endswith("fullaccess")


# -- actions on resources they do not apply to ---------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    """An action of an Allow statement that none of its resources can be (``kinds`` names the
    resource types it applies to, empty when it takes no resource ARN), or, with ``action`` empty,
    a resource that none of its actions applies to."""

    action: str
    resources: tuple[int, ...]
    kinds: tuple[str, ...]


def _acts_on(granted: Action, glob: str) -> bool:
    if granted.resource_level:
        return applies_to(granted, glob)
    # an action that takes no resource ARN only works on "*"; one of its own service's ARNs is
    # left alone (SAM's stream policy templates grant dynamodb:ListStreams on the stream), another
    # service's ARN is a mix-up
    return glob == "*" or arn_service(glob) == granted.service


def mismatches(statement: Statement, types: Mapping[str, str]) -> list[Mismatch]:
    """Actions of an Allow statement granted only on resources of types they do not apply to, then
    resources no action of the statement applies to (not one listed beside its contents, as a bucket
    beside ``bucket/*`` for object actions). Judged only where the catalogue knows the
    actions and each resource's kind is known (a literal ARN, or a reference to a template resource
    whose ARN maps to an IAM resource type); ``types`` maps logical ids to CloudFormation types."""
    if not statement.allows or statement.not_action or statement.not_resource or not statement.resources:
        return []
    globs = [arn_glob(r, types) for r in statement.resources]
    granted = {a: expand(a) for a in statement.actions}
    found: list[Mismatch] = []
    if all(g is not None and g != "*" for g in globs):
        for name, actions in granted.items():
            if actions and not any(_acts_on(a, g) for a in actions for g in globs if g is not None):
                kinds = sorted({k.name for a in actions for k in a.resource_types})
                found.append(Mismatch(canonical(name), tuple(range(len(globs))), tuple(kinds)))
    if found or not granted or not all(granted.values()):
        return found
    dead = tuple(i for i, g in enumerate(globs) if g is not None and g != "*"
                 and not any(_acts_on(a, g) for actions in granted.values() for a in actions or ())
                 # a resource listed with what is inside it ([bucket, bucket/*] for object actions) is a habit
                 and not any(o is not None and o.startswith(f"{g}/") for o in globs))
    return [Mismatch("", dead, ())] if dead else []
