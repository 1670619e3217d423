"""Errors of the self-assessment domain (shown to the user as a clear message)."""

from __future__ import annotations

from sendsight.core.errors import SendsightError


class AssessmentRefused(SendsightError):
    """Something asked of a framework or round that its rules do not allow (a rating after the
    round closed, a rater from an organisation not in the round, a level not on the scale)."""
