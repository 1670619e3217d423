"""What a route or an action may need. Roles grant permissions (see ``sendsight.access.roles``)."""

from __future__ import annotations

from enum import StrEnum


class Permission(StrEnum):
    """A permission a route declares; ``PUBLIC`` needs nobody signed in."""

    PUBLIC = "public"
    SIGNED_IN = "signed_in"
    VIEW_AGGREGATES = "view_aggregates"
    EDIT_OUTCOMES = "edit_outcomes"
    IMPORT_DATA = "import_data"
    # Case files hold children's records: importing them needs case-level access as well.
    IMPORT_CASES = "import_cases"
    VIEW_CASES = "view_cases"
    VIEW_IDENTIFIABLE = "view_identifiable"
    VIEW_OWN_SETTING = "view_own_setting"
    ADMIN = "admin"
