"""The QA profile: which checks a run uses, at what severity, with what parameters, and why.

Three layers, applied in order: the registry (each check's own severity and default),
transflow.toml's `[check]` (validated when the project loads, `project.config`: `enable`,
`disable`, `[check.severity]`, a check's parameter table such as `[check.length-ratio]`,
and the `[[check.rule]]` house-style rules, which become checks of their own), then a run's
`--enable`/`--disable`. Nothing else goes in: a run's checks follow from transflow.toml and
the command line alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from transflow.checks.base import BaseCheck
from transflow.checks.families.house_style import HouseStyle
from transflow.checks.registry import CHECKS
from transflow.project.errors import CheckUsageError

if TYPE_CHECKING:
    from transflow.project.project import Project

DEFAULT, CONFIG, FLAG = "default", "config", "flag"  # what decided whether a check runs


@dataclass(frozen=True)
class Selection:
    """One check of the profile, configured (severity, parameters), whether it runs and why."""

    check: BaseCheck
    enabled: bool
    reason: str  # DEFAULT (the registry), CONFIG (transflow.toml) or FLAG (the command line)
    builtin_severity: str  # the check's own: `check.severity` differs when overridden

    @property
    def severity_overridden(self) -> bool:
        return self.check.severity != self.builtin_severity


def build_profile(
    project: Project | None = None, enable: Iterable[str] = (), disable: Iterable[str] = ()
) -> list[Selection]:
    """Every check, built-in ones in the registry's order then the house rules in the order
    of transflow.toml, as the project's `[check]` and the flags `enable` and `disable`
    (validated here: the config's ids were when it loaded) make it. Without a project: the
    built-in defaults and the flags."""
    config = project.settings.get("check", {}) if project is not None else {}
    checks: list[BaseCheck] = [cls(**config.get(cls.id, {})) for cls in CHECKS]
    checks += [HouseStyle(rule) for rule in config.get("rule", ())]
    known = [c.id for c in checks]
    enable, disable = list(enable), list(disable)
    for option, ids in (("--enable", enable), ("--disable", disable)):
        for cid in ids:
            if cid not in known:
                raise CheckUsageError(
                    f"{option}: unknown check {cid!r}.",
                    hint=f"Known checks: {', '.join(known)} (`transflow check --list-checks`).",
                )
    severity = config.get("severity", {})
    layers = [
        (config.get("enable", ()), True, CONFIG),
        (config.get("disable", ()), False, CONFIG),
        (enable, True, FLAG),
        (disable, False, FLAG),  # last: --enable X --disable X runs without X
    ]
    profile = []
    for check in checks:
        builtin = check.severity
        check.severity = severity.get(check.id, builtin)
        enabled, reason = check.default, CONFIG if isinstance(check, HouseStyle) else DEFAULT
        for ids, state, layer in layers:
            if check.id in ids:
                enabled, reason = state, layer
        profile.append(Selection(check, enabled, reason, builtin))
    return profile
