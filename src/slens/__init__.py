"""slens: review serverless AWS applications against the Well-Architected Serverless Lens."""

__version__ = "0.1.0"

#: where the rule pages (docs/rules/) are published; reports link each rule there
RULE_DOCS_URL = "https://github.com/slens-dev/slens/blob/main/docs/rules/"
