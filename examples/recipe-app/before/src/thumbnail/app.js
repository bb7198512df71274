const AWS = require('aws-sdk');
const sharp = require('sharp');

const s3 = new AWS.S3();
const ddb = new AWS.DynamoDB.DocumentClient();

exports.handler = async (event) => {
  for (const record of event.Records) {
    const bucket = record.s3.bucket.name;
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const original = await s3.getObject({ Bucket: bucket, Key: key }).promise();
    const thumb = await sharp(original.Body).resize(320).jpeg().toBuffer();
    const thumbKey = `thumbs/${key.split('/').pop()}`;
    await s3.putObject({ Bucket: process.env.THUMBNAIL_BUCKET, Key: thumbKey, Body: thumb }).promise();
    const recipeId = key.split('/').pop().split('.')[0];
    await ddb.update({
      TableName: process.env.TABLE_NAME,
      Key: { recipeId },
      UpdateExpression: 'SET thumbnailKey = :k',
      ExpressionAttributeValues: { ':k': thumbKey },
    }).promise();
  }
};
