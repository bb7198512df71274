import json
import os

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    for record in event["Records"]:
        message = json.loads(record["Sns"]["Message"])
        if message.get("type") != "RecipeEnriched":
            continue
        recipe = table.get_item(Key={"recipeId": message["recipeId"]})["Item"]
        words = recipe["title"].split() + recipe.get("ingredients", [])
        tokens = sorted({w.lower() for w in words if len(w) > 2})
        table.update_item(Key={"recipeId": message["recipeId"]},
                          UpdateExpression="SET searchTokens = :t",
                          ExpressionAttributeValues={":t": tokens})
