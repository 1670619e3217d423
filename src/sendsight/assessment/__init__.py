"""The partnership's maturity self-assessment: frameworks as data, rounds with blind ratings,
results that show disagreement.
"""
