"""The front door: requests for support, triage against the clock, and panels that decide
with reasons.
"""
