"""Each later domain's objects for the two-partnership tenancy matrix.

``tests/integration/test_tenancy_matrix.py`` imports every module in this package. A module
declares:

- ``OBJECT_ARGUMENTS``: the URL parameters that name one of its objects (asking for another
  partnership's object by one of these must be refused with 403 or 404);
- ``make(session, *, partnership_id, la_code, admin, tag) -> dict[str, str]``: creates, through
  the domain's own services, one of each object for that partnership and returns the value to
  put in each URL parameter its routes take. Every text it stores must contain ``tag`` followed
  by a space (``"Alpha "`` for the demo, ``"Beta "`` for the other), so the matrix can tell when
  a page shows the other partnership's data;
- optionally ``held(session, *, partnership_id) -> object``: a fingerprint of what a probe could
  change (compared before and after).
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def domain_modules() -> list[ModuleType]:
    """Every domain module in this package, by name."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
    ]
