"""The IAM action catalogue (slens.model.iam_actions) and the statement checks built on it."""

from __future__ import annotations

from slens.model import Composite, Origin, Ref, Resource, SourceSpan, Value
from slens.model import iam_actions as catalogue
from slens.model.access import is_read_action, written_services
from slens.model.iam import mismatches, policy_statements


def test_actions_are_found_in_any_case_with_their_canonical_name_and_access_level() -> None:
    found = catalogue.action("DYNAMODB:getitem")
    assert found is not None and found.name == "dynamodb:GetItem" and found.access_level == "Read"
    assert [k.name for k in found.resource_types] == ["table"] and "dynamodb:LeadingKeys" in found.condition_keys
    assert catalogue.canonical("dynamodb:liststreams") == "dynamodb:ListStreams"
    assert catalogue.canonical("s3:getobject") == "s3:GetObject"
    assert catalogue.canonical("s3:get*") == "s3:Get*"


def test_unknown_services_actions_and_cross_service_wildcards_answer_none() -> None:
    for name in ("acme:DoSomething", "s3:NoSuchAction", "*", "s3", "", "../etc:passwd", "s*:GetObject"):
        assert catalogue.action(name) is None
        assert catalogue.read_only(name) is None and catalogue.resource_level(name) is None
        assert catalogue.canonical(name) == name
    assert catalogue.expand("s3:NoSuch*") == ()


def test_wildcards_expand_to_the_actions_they_grant() -> None:
    granted = catalogue.expand("dynamodb:Get*")
    assert granted is not None and "dynamodb:GetItem" in {a.name for a in granted}
    assert catalogue.read_only("dynamodb:Get*") is True and catalogue.read_only("dynamodb:*") is False


def test_read_and_write_come_from_the_access_level_not_the_verb() -> None:
    assert is_read_action("rekognition:detectlabels") and is_read_action("comprehend:detectsentiment")
    assert is_read_action("bedrock:invokemodel") and is_read_action("cognito-idp:admingetuser")
    assert not is_read_action("states:getactivitytask")  # takes a task: Write in the catalogue
    assert not is_read_action("dynamodb:putitem") and not is_read_action("dynamodb:*")
    assert is_read_action("acme:getthing") and not is_read_action("acme:putthing")  # unknown: by the verb


def test_actions_without_resource_level_permissions() -> None:
    assert catalogue.resource_level("xray:PutTraceSegments") is False
    assert catalogue.resource_level("s3:GetObject") is True
    assert catalogue.resource_level("ec2:Describe*") is False  # most Describe actions take no ARN
    assert catalogue.resource_level("xray:*") is False and catalogue.resource_level("dynamodb:*") is True
    assert catalogue.unscopable("rekognition:DetectLabels") and catalogue.unscopable("ec2:createnetworkinterface")
    assert not catalogue.unscopable("s3:Get*") and not catalogue.unscopable("acme:Thing")


def test_arns_of_references_and_literals_are_matched_to_resource_types() -> None:
    types = {"Fn": "AWS::Lambda::Function", "Bucket": "AWS::S3::Bucket", "Logs": "AWS::Logs::LogGroup"}
    fn = catalogue.arn_glob(Ref("Fn", "Arn"), types)
    assert fn is not None and catalogue.arn_service(fn) == "lambda"
    invoke, detect = catalogue.action("lambda:InvokeFunction"), catalogue.action("rekognition:DetectLabels")
    assert invoke is not None and detect is not None
    assert catalogue.applies_to(invoke, fn) and not catalogue.applies_to(detect, fn)
    get = catalogue.action("s3:GetObject")
    assert get is not None
    bucket, objects = catalogue.arn_glob(Ref("Bucket", "Arn"), types), catalogue.arn_glob(
        Composite((Ref("Bucket", "Arn"), "/*")), types)
    assert bucket and objects and not catalogue.applies_to(get, bucket) and catalogue.applies_to(get, objects)
    assert catalogue.applies_to(get, "arn:aws:s3:::*") and catalogue.applies_to(get, "*")
    assert catalogue.arn_glob(Ref("Bucket"), types) is None  # a bucket's name is not an ARN
    assert catalogue.arn_glob(Ref("Parameter"), types) is None
    assert catalogue.arn_glob("arn:aws:*:eu-west-1:1:thing", types) is None  # the service is not known
    put = catalogue.action("logs:PutLogEvents")
    logs = catalogue.arn_glob(Ref("Logs", "Arn"), types)
    assert put is not None and logs is not None and catalogue.applies_to(put, logs)  # the Arn ends with ":*"


def _policy(statements: list[Value]) -> Resource:
    span = SourceSpan("t.yaml", 1, 1)
    return Resource("P", "AWS::IAM::Policy", {"PolicyDocument": {"Statement": statements}}, span,
                    Origin("P", "AWS::IAM::Policy", span))


def test_mismatches_name_the_action_or_the_resource_that_cannot_work() -> None:
    types = {"Fn": "AWS::Lambda::Function", "Table": "AWS::DynamoDB::Table"}
    policy = _policy([
        {"Effect": "Allow", "Action": ["rekognition:DetectLabels", "lambda:InvokeFunction"],
         "Resource": Ref("Fn", "Arn")},
        {"Effect": "Allow", "Action": "dynamodb:GetItem",
         "Resource": [Ref("Table", "Arn"), "arn:aws:execute-api:eu-west-1:1:api/*/GET/x"]},
        {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": Ref("Unknown", "Arn")},
        {"Effect": "Deny", "Action": "dynamodb:GetItem", "Resource": Ref("Fn", "Arn")},
    ])
    found = [mismatches(s, types) for s in policy_statements(policy)]
    assert [(m.action, m.resources, m.kinds) for m in found[0]] == [("rekognition:DetectLabels", (0,), ())]
    assert [(m.action, m.resources) for m in found[1]] == [("", (1,))]
    assert found[2] == [] and found[3] == []


def test_written_services_leave_reads_out() -> None:
    policy = _policy([{"Effect": "Allow", "Action": ["rekognition:DetectLabels", "s3:GetObject", "dynamodb:PutItem"],
                       "Resource": "*"}])
    assert written_services(list(policy_statements(policy))) == {"dynamodb": ["dynamodb:putitem"]}


def test_a_bucket_listed_beside_its_objects_is_a_habit_not_a_mismatch() -> None:
    types = {"Bucket": "AWS::S3::Bucket"}
    policy = _policy([{"Effect": "Allow", "Action": "s3:PutObject",
                       "Resource": [Ref("Bucket", "Arn"), Composite((Ref("Bucket", "Arn"), "/*"))]}])
    assert [mismatches(s, types) for s in policy_statements(policy)] == [[]]
