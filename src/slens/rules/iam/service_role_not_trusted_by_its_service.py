from collections.abc import Iterator

from slens.engine import Rule, Service, Severity, Violation
from slens.lens import Practices
from slens.model import Graph, Resource
from slens.model.service_roles import Handoff, handoffs_of, trusts_service


def _place(handoff: Handoff) -> str:
    return f"{handoff.holder.logical_id}.{'.'.join(str(p) for p in handoff.path)}"


class ServiceRoleNotTrustedByItsService(Rule):
    """Role handed to a service whose trust policy does not trust that service

    ## What it does
    Follows every template role handed to a service and checks that the role's trust policy
    (`AssumeRolePolicyDocument`) has an Allow statement for `sts:AssumeRole` naming that
    service's principal (global or regional spelling, `states.${AWS::Region}.amazonaws.com`
    included): a state machine's `RoleArn` (`states`), an API Gateway integration's
    `Credentials`/`CredentialsArn` and the account's `CloudWatchRoleArn` (`apigateway`), an
    EventBridge rule target's `RoleArn` (`events`), a schedule target's `RoleArn` (`scheduler`),
    a pipe's `RoleArn` (`pipes`), an AppSync data source's `ServiceRoleArn` and log role
    (`appsync`), and a function's `Role` (`lambda`). Roles outside the template, and trust
    policies with a principal, effect or action only known at deploy time, are not judged.

    ## Why it matters
    The Serverless Lens asks you to *use temporary credentials between resources and
    components* (SEC 2): each service gets its credentials by assuming the role it is handed.
    A role that does not trust the service cannot be assumed: the deployment succeeds, and then
    every execution, integration request or event delivery fails with an access error (Lambda
    refuses the function at deployment). It usually comes from a role copied from another
    service's template.

    ## How to fix
    Add the service's principal to the role's trust policy (`Principal: {Service:
    states.amazonaws.com}`, `Action: sts:AssumeRole`), preferably with an `aws:SourceAccount` or
    `aws:SourceArn` condition; or give each service a role of its own.

    ## When to ignore
    Never: a role the service cannot assume is a broken integration.
    """

    id = "IAM207"
    name = "service-role-not-trusted-by-its-service"
    severity = Severity.HIGH
    practice = Practices.SEC2_TEMPORARY_CREDENTIALS
    services = (Service.IAM, Service.STEPFUNCTIONS, Service.APIGATEWAY)
    resource_types = ("AWS::IAM::Role",)
    fix = {
        "SAM": "WorkflowRole:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument:\n"
               "      Version: '2012-10-17'\n      Statement:\n        - Effect: Allow\n"
               "          Principal: {Service: states.amazonaws.com}\n          Action: sts:AssumeRole\n",
        "CloudFormation": "WorkflowRole:\n  Type: AWS::IAM::Role\n  Properties:\n    AssumeRolePolicyDocument:\n"
                          "      Version: '2012-10-17'\n      Statement:\n        - Effect: Allow\n"
                          "          Principal: {Service: states.amazonaws.com}\n"
                          "          Action: sts:AssumeRole\n",
    }

    def check(self, resource: Resource, graph: Graph) -> Iterator[Violation]:
        by_service: dict[str, list[Handoff]] = {}
        for handoff in handoffs_of(graph, resource):
            by_service.setdefault(handoff.service, []).append(handoff)
        for service, handoffs in by_service.items():
            if trusts_service(resource, service) is not False:
                continue
            places = ", ".join(dict.fromkeys(_place(h) for h in handoffs))
            yield self.violation(resource, f"role {resource.logical_id} is handed to {service} ({places}) but its "
                                           f"trust policy does not let {handoffs[0].principal} assume it: the "
                                           "service cannot get credentials and every call fails",
                                 "AssumeRolePolicyDocument")
