"""The one exception the CLI turns into a one-line message and exit code 2."""


class InputError(Exception):
    """Bad input from the user: a missing path, an unreadable config or spec."""
