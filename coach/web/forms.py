"""What a form shows again after a failed save: the typed values and a message per field.

Every form that can be refused keeps what the person typed: the view catches the service's
ValidationError (`.errors`: field -> message) or refusal and hands the template a FormState,
so nothing typed is lost and each message sits beside its field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class FormState:
    """What a form shows again after a failed save: the typed values and a message per field."""

    values: Mapping[str, str] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    message: str = ""

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def error(self, name: str) -> str:
        return self.errors.get(name, "")

    @classmethod
    def refused(cls, error: Exception, values: Mapping[str, str] | None = None) -> FormState:
        """The state after a service refused: its message per field, if it gave any."""
        return cls(values or {}, errors=getattr(error, "errors", None) or {})

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.message)


BLANK = FormState()
