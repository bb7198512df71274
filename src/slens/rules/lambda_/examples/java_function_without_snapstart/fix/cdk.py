from aws_cdk import Duration, Stack
from aws_cdk import aws_lambda as lambda_
from constructs import Construct


class Fixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        # fix:start
        quotes = lambda_.Function(
            self, "Quotes",
            runtime=lambda_.Runtime.JAVA_21,
            handler="com.example.quotes.Handler::handleRequest",
            code=lambda_.Code.from_asset("src"),
            memory_size=1024,
            timeout=Duration.seconds(10),
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS,
        )
        # SnapStart applies to published versions only: callers invoke the alias, not $LATEST
        lambda_.Alias(self, "QuotesLive", alias_name="live", version=quotes.current_version)
        # fix:end


class Unfixed(Stack):
    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        lambda_.Function(
            self, "Quotes",
            runtime=lambda_.Runtime.JAVA_21,
            handler="com.example.quotes.Handler::handleRequest",
            code=lambda_.Code.from_asset("src"),
            memory_size=1024,
            timeout=Duration.seconds(10),
        )
