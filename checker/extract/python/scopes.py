"""The symbol table the walker keeps: one scope per module, class, function
or comprehension; a lookup climbs to the enclosing scopes."""

from __future__ import annotations

from checker.extract.python.values import Val


class Env:
    """One scope of the symbol table; lookups climb to the enclosing scopes."""

    def __init__(self, parent: Env | None = None, is_class: bool = False) -> None:
        self.vars: dict[str, Val] = {}
        self.parent = parent
        self.is_class = is_class

    def get(self, name: str) -> Val | None:
        env: Env | None = self
        while env is not None:
            if name in env.vars:
                return env.vars[name]
            env = env.parent
        return None

    def set(self, name: str, value: Val) -> None:
        self.vars[name] = value

    def set_attr(self, dotted: str, value: Val) -> None:
        """`self.x = v` belongs to the class, so that every method sees it."""
        env: Env | None = self
        if dotted.startswith("self."):
            while env is not None and not env.is_class:
                env = env.parent
        (env or self).vars[dotted] = value
