"""Kết quả xét điều kiện — what a rule found about a case: a code, whether it blocks or only warns, a message
in the reader's language, the article it rests on and the facts it used.

The message is kept as its Vietnamese message id (marked with gettext_noop, translated in the catalogue) plus
plain parameters, so a finding can be stored on a case and shown later in whatever language the reader uses.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext


class Severity(StrEnum):
    """BLOCKS stops acceptance (like a missing document); WARNS must be acknowledged with a reason."""

    BLOCKS = "blocks"
    WARNS = "warns"


@dataclass(frozen=True)
class Finding:
    """A value: the same finding may be shared by many judgements (workflows/rules/eligibility.py), so its params
    and facts are read, copied (as_dict), never changed."""

    code: str
    severity: Severity
    message_id: str
    params: Mapping[str, Any] = field(default_factory=dict)
    citation: str = ""
    facts: Mapping[str, Any] = field(default_factory=dict)
    rule_id: str = ""
    # Parameters whose values are themselves message ids (a level, a kind of hold), translated when shown.
    translated_params: tuple[str, ...] = ()

    @property
    def blocks(self) -> bool:
        return self.severity is Severity.BLOCKS

    @property
    def message(self) -> str:
        """The message in the active language, its parameters filled in."""
        if not self.params:
            return gettext(self.message_id)
        params = {key: gettext(value) if key in self.translated_params else value for key, value in self.params.items()}
        return gettext(self.message_id) % params

    def as_dict(self) -> dict[str, Any]:
        """A plain, JSON-ready record (to keep on the case, e.g. beside the reason a warning was accepted)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message_id": self.message_id,
            "params": dict(self.params),
            "citation": self.citation,
            "facts": dict(self.facts),
            "rule_id": self.rule_id,
            "translated_params": list(self.translated_params),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        return cls(
            code=data["code"],
            severity=Severity(data["severity"]),
            message_id=data["message_id"],
            params=dict(data.get("params") or {}),
            citation=data.get("citation", ""),
            facts=dict(data.get("facts") or {}),
            rule_id=data.get("rule_id", ""),
            translated_params=tuple(data.get("translated_params") or ()),
        )


class FindingsHeld:
    """What holds a nominee's `findings` (the Văn phòng's check, the council's agenda): those that stop acceptance
    and those that only warn."""

    findings: tuple[Finding, ...]

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.blocks)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.blocks)


def day_text(day: datetime.date) -> str:
    """dd/mm/yyyy, the way dates are written in Vietnamese administrative texts."""
    return day.strftime("%d/%m/%Y")


def years_text(years) -> str:
    return ", ".join(map(str, sorted(years))) or "—"
