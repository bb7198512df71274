"""The live review's reader: AWS account -> inventory (docs/inventory.md), and its snapshots.

Nothing here is imported by a scan of templates; boto3 and botocore are imported only inside the
functions that call AWS, so importing this package costs nothing.
"""
