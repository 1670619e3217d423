"""The help options every command answers, in a module light enough for ``--help`` to import."""

from __future__ import annotations

from typing import Any

# Every command answers -h as well as --help. Set on each group, not only the root: click keeps
# a command's help option once made, so a group invoked on its own (as tests do) would
# otherwise fix its commands' help without -h.
HELP_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}
