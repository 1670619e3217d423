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
    # The front door: make a request for support; triage requests; sit on (or run) panels.
    FRONTDOOR_SUBMIT = "frontdoor_submit"
    FRONTDOOR_TRIAGE = "frontdoor_triage"
    FRONTDOOR_PANEL = "frontdoor_panel"
    # Open the front door and follow the requests you may see (every role; a family member's
    # only permission besides making requests, so no other signed-in page is theirs).
    FRONTDOOR_FOLLOW = "frontdoor_follow"
    # See your own account and sign out on every device (every role, a family member's too).
    OWN_ACCOUNT = "own_account"
    # Record co-production activities and respond to "you said" (coproduction).
    EDIT_COPRODUCTION = "edit_coproduction"
    # Propose edits to your own organisation's Local Offer listings (directory).
    EDIT_OWN_LISTINGS = "edit_own_listings"
    # Run the Local Offer: review edits, stale listings, feedback, imports (directory).
    MANAGE_DIRECTORY = "manage_directory"
    # Preparing-for-adulthood reviews recorded by form (adulthood): case roles only.
    EDIT_ADULTHOOD = "edit_adulthood"
    ADMIN = "admin"
