"""Joint commissioning: needs against provision, contributions, contracts, personal budgets and the
cost ahead.
"""
