"""What the object and sink APIs share about a server's answers.

An `Answers` belongs to one API: it turns the server's refusals into that API's error
classes (by RPC code) and checks the shape of its answers, raising that API's
malformed-answer error with messages naming the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.client.errors import ClientError, RemoteCallError

__all__ = ["Answers"]


class Answers:
    """Refusals and answer checks of one API (`malformed` is its malformed-answer error;
    `calls` names its calls in messages, e.g. "an object call")."""

    def __init__(
        self,
        malformed: type[ClientError],
        calls: str,
        by_code: Mapping[int, type[RemoteCallError]],
    ) -> None:
        self._malformed = malformed
        self._calls = calls
        self._by_code = by_code

    def call(self, send: Callable[..., Any], method: str, **params: Any) -> Any:
        """`send(method, **params)`, a refusal with a known code raised as its class."""
        try:
            return send(method, **params)
        except RemoteCallError as error:
            specific = self.specific(error)
            if specific is error:
                raise
            raise specific from error

    def raised(self, outcome: Any) -> Any:
        """One outcome of `Channel.call_many`: the result, or its refusal raised as
        `call` raises it."""
        if isinstance(outcome, RemoteCallError):
            raise self.specific(outcome)
        return outcome

    def specific(self, error: RemoteCallError) -> RemoteCallError:
        """The refusal as this API's class for its code (itself for an unknown code)."""
        kind = self._by_code.get(error.code)
        return error if kind is None else kind(error.code, error.message)

    def as_map(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self._malformed(f"{self._calls} did not answer with a map")
        return value

    def field(self, result: dict[str, Any], name: str, kind: type[Any]) -> Any:
        """`result[name]` if it is a `kind` (a bool only where `kind` is bool)."""
        value = result.get(name)
        if not isinstance(value, kind) or isinstance(value, bool) != (kind is bool):
            raise self._malformed(f"the server's answer lacks a valid {name!r}")
        return value

    def number(self, result: dict[str, Any], name: str) -> float:
        """`result[name]` if it is an int or a float (not a bool), as a float."""
        value = result.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self._malformed(f"the server's answer lacks a valid {name!r}")
        return float(value)
