"""What the limit sets of the server (objects, sinks, proxy) share: every limit is a
positive integer, and each may be overridden by an environment variable."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

__all__ = ["check_positive", "environ_overrides"]


def check_positive(limits: Any, kind: str) -> None:
    """Refuse a dataclass of limits whose int fields are not all positive (bools aside)."""
    for field in fields(limits):
        value = getattr(limits, field.name)
        if isinstance(value, bool) and field.type in ("bool", bool):
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{kind} limit {field.name} must be a positive integer")


def environ_overrides(environ: Mapping[str, str], names: Mapping[str, str]) -> dict[str, int]:
    """{field: value} for each `names[field]` variable set in `environ` (positive ints)."""
    changes: dict[str, int] = {}
    for name, variable in names.items():
        text = environ.get(variable)
        if text is None:
            continue
        try:
            value = int(text)
        except ValueError:
            raise ValueError(f"{variable} must be an integer, not {text!r}") from None
        if value < 1:
            raise ValueError(f"{variable} must be a positive integer, not {text!r}")
        changes[name] = value
    return changes
