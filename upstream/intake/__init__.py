"""The one anonymous-write pipeline: sealed intake at once, shuffled release in batches.

Every anonymous record (concerns, reporter replies, survey answers, co-signs, anonymous stories) is
written here first and reaches its visible table only at a fixed release time, in one transaction,
in shuffled order, after which the intake rows are gone for good. See docs/anonymity.md.
"""
