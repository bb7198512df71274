import jsii
from aws_cdk import Stack
from aws_cdk import aws_apigateway as apigateway
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk.aws_apigatewayv2_integrations import HttpLambdaIntegration
from constructs import Construct


def handler(scope: Construct) -> lambda_.Function:
    return lambda_.Function(scope, "Handler", runtime=lambda_.Runtime.PYTHON_3_13, handler="app.handler",
                            code=lambda_.Code.from_asset("src"))


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = handler(self)
        # fix:start
        access_logs = logs.LogGroup(self, "ApiAccessLogs", retention=logs.RetentionDays.ONE_MONTH)

        # HTTP API: the default stage, written out to carry the settings; in Python its access log settings
        # are an interface, not a struct: an object of a class of yours
        @jsii.implements(apigwv2.IAccessLogSettings)
        class AccessLogSettings:
            def __init__(self, destination: apigwv2.IAccessLogDestination) -> None:
                self._destination = destination

            @property
            def destination(self) -> apigwv2.IAccessLogDestination:
                return self._destination

            @property
            def format(self) -> apigateway.AccessLogFormat | None:
                return None  # JSON

        http_api = apigwv2.HttpApi(self, "HttpApi", create_default_stage=False,
                                   default_integration=HttpLambdaIntegration("Orders", fn))
        http_api.add_stage(
            "DefaultStage",
            stage_name="$default",
            auto_deploy=True,
            access_log_settings=AccessLogSettings(apigwv2.LogGroupLogDestination(access_logs)),
        )

        # REST API: the stage's deploy_options
        apigateway.LambdaRestApi(
            self, "RestApi",
            handler=fn,
            deploy_options=apigateway.StageOptions(
                access_log_destination=apigateway.LogGroupLogDestination(access_logs),
                access_log_format=apigateway.AccessLogFormat.json_with_standard_fields(
                    caller=True, http_method=True, ip=True, protocol=True, request_time=True,
                    resource_path=True, response_length=True, status=True, user=True,
                ),
            ),
        )
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        fn = handler(self)
        apigwv2.HttpApi(self, "HttpApi", default_integration=HttpLambdaIntegration("Orders", fn))
        apigateway.LambdaRestApi(self, "RestApi", handler=fn)
