"""The synthetic demonstration partnership: one seed builder for `make demo`, test fixtures and e2e.

Everything made here is synthetic (made-up people, organisations, targets and case records) and
is labelled as demonstration data wherever it is shown. Published DfE statistics are real.
"""
