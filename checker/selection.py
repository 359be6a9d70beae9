"""Which rules run, and where: `select` / `ignore` / `extend-select` and `overrides:`.

Rules are chosen as Ruff chooses them. A selector is a rule id
(`tag-unknown`), a prefix of ids that ends at a `-` boundary (`spec-` or
`spec`: every `spec-...` rule; `spec-unknown` is the prefix of
`spec-unknown-operation`), or `ALL`. A selector that names no rule is an
error, with the nearest id.

Layers apply in order, each over the set the one before left:

1. the default: every rule;
2. the config's top level: `select:`, `ignore:`, `extend-select:`, and
   `rules:` (`off` ignores, `on` extend-selects, `{severity: ...}`);
3. the command line: `--select`, `--ignore`, `--extend-select`;
4. each entry of the config's `overrides:` whose `files:` globs match the
   file a finding stands in, in the order written.

Within a layer, `select` *replaces* the set before it, `extend-select` adds
to it and `ignore` removes from it. Where a select and an ignore of one
layer both cover a rule, the more specific selector wins, and an ignore wins
a tie: `--select spec- --ignore spec-auth` is every spec rule but
`spec-auth`; `--select spec-auth --ignore spec-` keeps `spec-auth` alone
of the spec rules. Specificity is the number of `-`-separated parts the
selector spells (`ALL` 0, `spec-` 1, `spec-auth` 2).

An override is the narrowest setting there is, so it applies last, after
the command line, as Ruff's per-file-ignores do: `--select spec-` with an
override ignoring `spec-body` under `legacy/` leaves `spec-body` off there.
Its `files:` are gitignore-style globs (pathspec), relative to the config
file's folder. Severities apply the same way (an override's win).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from checker.errors import InputError

if TYPE_CHECKING:
    import pathspec

ALL = "ALL"


def _parts(selector: str) -> list[str]:
    return [part for part in selector.split("-") if part]


def specificity(selector: str) -> int:
    return 0 if selector == ALL else len(_parts(selector))


def matches(selector: str, rule_id: str) -> bool:
    """Whether `selector` (an id, a prefix at a `-` boundary, or ALL) covers `rule_id`."""
    if selector == ALL:
        return True
    stem = selector.rstrip("-")
    return bool(stem) and (rule_id == stem or rule_id.startswith(stem + "-"))


def expand(selector: str, known: Iterable[str]) -> list[str]:
    return [rule for rule in known if matches(selector, rule)]


def nearest(selector: str, known: Iterable[str]) -> str | None:
    """The known id (or prefix, for a selector that looks like one) closest to `selector`."""
    ids = set(known)
    prefixes = {"-".join(rule.split("-")[:n]) + "-" for rule in ids for n in range(1, rule.count("-") + 1)}
    candidates = sorted(ids | prefixes)
    # A selector cut inside a part (`spe-`, `place`) means the shortest that it starts.
    started = [c for c in candidates if c.startswith(selector.rstrip("-"))]
    if started:
        return min(started, key=len)
    close = difflib.get_close_matches(selector, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_message(selector: str, known: Iterable[str]) -> str:
    """`unknown rule id `tag-unknwn` (did you mean `tag-unknown`?)`."""
    what = "prefix" if selector.endswith("-") else "id"
    guess = nearest(selector, known)
    hint = f"did you mean `{guess}`?" if guess else "`sampledrift rules` lists them"
    return f"unknown rule {what} `{selector}` ({hint})"


def split(values: Iterable[str]) -> tuple[str, ...]:
    """`a,b` and repeated values alike -> (a, b); blanks dropped."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@dataclass(frozen=True)
class Choice:
    """One layer's selectors, as written."""

    select: tuple[str, ...] | None = None    # None: keep the set before
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()

    def validate(self, known: frozenset[str], where: str) -> None:
        """Every selector names at least one rule: InputError otherwise, one line."""
        for name, selectors in (("select", self.select or ()), ("extend-select", self.extend_select),
                                ("ignore", self.ignore)):
            for selector in selectors:
                if not expand(selector, known):
                    raise InputError(f"{where}{name}: {unknown_message(selector, known)}")

    def apply(self, before: frozenset[str], known: frozenset[str]) -> frozenset[str]:
        """This layer over `before`: the most specific selector decides, ignore wins a tie."""
        decided: dict[str, bool] = {}
        picks = [(s, True) for s in (*(self.select or ()), *self.extend_select)]
        picks += [(s, False) for s in self.ignore]
        # Least specific first, so a more specific one overwrites; at one
        # specificity the ignores (False sorts first, so reverse) come last.
        for selector, keep in sorted(picks, key=lambda p: (specificity(p[0]), -p[1])):
            for rule in expand(selector, known):
                decided[rule] = keep
        start = frozenset() if self.select is not None else before
        return frozenset((start | {r for r, k in decided.items() if k}) - {r for r, k in decided.items()
                                                                            if not k})

    def __bool__(self) -> bool:
        return self.select is not None or bool(self.ignore or self.extend_select)


@dataclass(frozen=True)
class Override:
    base_dir: str                    # the config file's folder: globs are relative to it
    files: tuple[str, ...]
    choice: Choice = Choice()
    severities: tuple[tuple[str, str], ...] = ()

    def covers(self, path: str) -> bool:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(self.base_dir))
        if relative == ".." or relative.startswith(".." + os.sep):
            return False   # outside the config's folder: no glob of it speaks for the file
        return _spec(self.files).match_file(relative.replace(os.sep, "/"))


@lru_cache(maxsize=256)
def _spec(globs: tuple[str, ...]) -> pathspec.PathSpec:
    # GitIgnoreSpec: gitwildmatch patterns, last match wins (`!` re-includes).
    import pathspec  # here, not at the top: only a config's `files:` globs need it

    return pathspec.GitIgnoreSpec.from_lines(globs)


@dataclass(frozen=True)
class Selection:
    """The rules a run reports, per file. Frozen and small: it goes to the workers."""

    known: frozenset[str] = frozenset()
    enabled: frozenset[str] | None = None         # None: every rule (nothing configured)
    severities: tuple[tuple[str, str], ...] = ()
    overrides: tuple[Override, ...] = ()

    running: frozenset[str] | None = None         # on for some file; None: every rule

    def runs(self, rule_id: str) -> bool:
        """Whether a rule runs at all: on for some file (findings are then kept per file)."""
        return self.running is None or rule_id in self.running

    def reports(self, rule_id: str, path: str) -> bool:
        """Whether a finding of `rule_id` in the file at `path` (to open) is reported."""
        enabled = self.known if self.enabled is None else self.enabled
        if not self.overrides:
            return self.enabled is None or rule_id in enabled
        for override in self._covering(path):
            enabled = override.choice.apply(enabled, self.known)
        return rule_id in enabled

    def severity(self, rule_id: str, default: str, path: str | None = None) -> str:
        found = dict(self.severities).get(rule_id, default)
        for override in self._covering(path) if path else ():
            found = dict(override.severities).get(rule_id, found)
        return found

    def _covering(self, path: str) -> list[Override]:
        return [o for o in self.overrides if o.covers(path)]


@dataclass
class Layers:
    """What the config says, before the command line joins it (checker/config.py fills it)."""

    top: Choice = Choice()
    severities: dict[str, str] = field(default_factory=dict)
    overrides: list[Override] = field(default_factory=list)

    def resolve(self, known: Iterable[str], cli: Choice = Choice()) -> Selection:
        """The selection: config top level, then the command line; overrides per file."""
        rules = frozenset(known)
        cli.validate(rules, "--")
        enabled: frozenset[str] | None = None
        if self.top or cli:
            enabled = cli.apply(self.top.apply(rules, rules), rules)
        running = enabled
        if enabled is not None and self.overrides:
            # What an override selects runs too; its findings are kept in its files only.
            running = enabled.union(*(o.choice.apply(frozenset(), rules) for o in self.overrides))
        return Selection(rules, enabled, tuple(sorted(self.severities.items())), tuple(self.overrides),
                         running)


def cli_choice(select: Iterable[str] = (), ignore: Iterable[str] = (),
               extend_select: Iterable[str] = ()) -> Choice:
    """The command line's layer from its repeatable, comma-separated options."""
    chosen = split(select)
    return Choice(chosen or None, split(ignore), split(extend_select))

