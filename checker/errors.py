"""The one exception the CLI turns into a one-line message and exit code 2."""


class InputError(Exception):
    """Bad input from the user: a missing path, an unreadable config or spec."""


class InternalError(Exception):
    """sampledrift itself failed outside any page (or under `--strict-internal`):
    one line on stderr and exit code 2, as for input errors."""
