"""Email: every message is kept in the outbox, then sent by SMTP when the settings say so.

Messages are plain text in plain English with a link back to the service. Only an invitation or
a password reset carries a secret (its one-time link); no message carries a child's details or
anyone's name (see docs/email.md).
"""
