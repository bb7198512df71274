import json
import os

import boto3
from boto3.dynamodb.conditions import Attr

# Read-only code path: this function's role cannot write to the table.
table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def _response(status, body):
    return {"statusCode": status, "body": json.dumps(body, default=str)}


def handler(event, context):
    resource = event["resource"]
    if resource == "/recipes/{id}":
        item = table.get_item(Key={"recipeId": event["pathParameters"]["id"]}).get("Item")
        return _response(200, item) if item else _response(404, {"message": "not found"})
    if resource == "/search":
        term = ((event.get("queryStringParameters") or {}).get("q") or "").lower()[:50]
        items = table.scan(FilterExpression=Attr("searchTokens").contains(term), Limit=100)["Items"]
        return _response(200, items)
    return _response(200, table.scan(Limit=50)["Items"])
