"""Mail errors."""

from __future__ import annotations

from sendsight.core.errors import SendsightError


class MailNotConfigured(SendsightError):
    """``mail_transport`` is ``smtp`` but no SMTP server is set (the message says what to set)."""
