# expected-rule: security.secret.aws
import boto3

s3 = boto3.client(
    "s3",
    aws_access_key_id="AKIAZ7Q3X9M2P5L8K4RT",
    aws_secret_access_key=load_secret(),
)
