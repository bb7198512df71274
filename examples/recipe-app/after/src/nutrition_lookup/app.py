import json
import os
import urllib.request

import boto3

table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
sns = boto3.client("sns")
secrets = boto3.client("secretsmanager")
_api_key = None


def _get_api_key():
    # Fetched at runtime by ARN and cached for the life of the execution environment.
    global _api_key
    if _api_key is None:
        secret = secrets.get_secret_value(SecretId=os.environ["NUTRITION_SECRET_ARN"])
        _api_key = json.loads(secret["SecretString"])["apiKey"]
    return _api_key


def _enrich(recipe_id):
    recipe = table.get_item(Key={"recipeId": recipe_id})["Item"]
    req = urllib.request.Request(
        f"{os.environ['NUTRITION_API_URL']}/analyze",
        data=json.dumps({"ingredients": recipe["ingredients"]}).encode(),
        headers={"Authorization": f"Bearer {_get_api_key()}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=15) as resp:
        nutrition = json.loads(resp.read())
    table.update_item(Key={"recipeId": recipe_id}, UpdateExpression="SET nutrition = :n",
                      ExpressionAttributeValues={":n": json.dumps(nutrition)})
    sns.publish(TopicArn=os.environ["TOPIC_ARN"],
                Message=json.dumps({"type": "RecipeEnriched", "recipeId": recipe_id}))


def handler(event, context):
    failures = []
    for record in event["Records"]:
        try:
            _enrich(json.loads(record["body"])["recipeId"])
        except Exception:
            # Only this message is retried (and eventually sent to the DLQ).
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}
