"""slens: review serverless AWS applications against the Well-Architected Serverless Lens."""

__version__ = "0.1.0"
