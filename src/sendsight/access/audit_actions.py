"""Every action the audit log records, as administrators search for it at ``/admin/audit``.

A meta-test (``tests/meta/test_audit_actions.py``) reads every ``record(...)`` call in the code
and fails when one writes an action missing here, so the search offers everything written.
"""

from __future__ import annotations

AUDIT_ACTIONS: tuple[str, ...] = (
    "audit.export",
    "case.export",
    "case.refused",
    "case.view",
    "edit",
    "forecast.capacity.edit",
    "forecast.capacity.import",
    "import",
    "mail.failed",
    "mail.sent",
    "outcomes.action.create",
    "outcomes.action.update",
    "outcomes.measure.create",
    "outcomes.measure.update",
    "outcomes.note.save",
    "outcomes.outcome.create",
    "outcomes.outcome.update",
    "outcomes.target.set",
    "outcomes.value.add",
    "outcomes.value.correct",
    "outcomes.values.import",
    "password.reset_requested",
    "password.set",
    "permission.change",
    "permission.refused",
    "retention.delete",
    "retention.dry_run",
    "retention.run",
    "setting.refused",
    "sign_in.failure",
    "sign_in.success",
    "sign_in.throttled",
    "sign_out",
    "sign_out.everywhere",
)
