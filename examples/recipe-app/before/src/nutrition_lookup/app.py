import json
import os
import urllib.request

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
sns = boto3.client("sns")
API_URL = os.environ["NUTRITION_API_URL"]
API_KEY = os.environ["NUTRITION_API_KEY"]  # plain-text secret from the environment


def handler(event, context):
    for record in event["Records"]:
        recipe_id = json.loads(record["body"])["recipeId"]
        recipe = table.get_item(Key={"recipeId": recipe_id})["Item"]
        req = urllib.request.Request(
            f"{API_URL}/analyze",
            data=json.dumps({"ingredients": recipe.get("ingredients", [])}).encode(),
            headers={"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=50) as resp:
            nutrition = json.loads(resp.read())
        table.update_item(
            Key={"recipeId": recipe_id},
            UpdateExpression="SET nutrition = :n",
            ExpressionAttributeValues={":n": json.dumps(nutrition)},
        )
        sns.publish(TopicArn=os.environ["TOPIC_ARN"],
                    Message=json.dumps({"type": "RecipeEnriched", "recipeId": recipe_id}))
