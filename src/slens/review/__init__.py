"""The Well-Architected review: the lens practice by practice, what the scan evidences for each,
the team's answers for the rest, and a risk per question as the Well-Architected Tool reports it.

Kept free of imports here, so that reporters can read :mod:`slens.review.model` alone.
"""
