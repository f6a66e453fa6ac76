"""One exception class per exit code (documented in the README).

Every error a user can cause is one of these; the CLI prints its message as one line on
stderr and exits with its code. Anything else is a bug.
"""


class OrdersError(Exception):
    """A user-facing error: bad input or a request that cannot be carried out."""

    exit_code = 1


class NotFoundError(OrdersError):
    """Unknown order number."""

    exit_code = 4


class ConflictError(OrdersError):
    """The request contradicts what is stored: duplicate order, event out of place."""

    exit_code = 5


class DatabaseError(OrdersError):
    """The database or a file cannot be read or written (standard output included)."""

    exit_code = 6


class ReadOnlyError(DatabaseError):
    """The database can be read but not written (file mode, flags, a read-only mount)."""


class OutputError(DatabaseError):
    """Standard output cannot be written: a full disk, a closed stream, a reader gone.

    `quiet`: a reader that stopped reading (`orders list | head -1`) had what it wanted,
    so the command ends with exit 1 and no message; a reminder not delivered is never quiet.
    """

    def __init__(self, message: str, quiet: bool = False):
        super().__init__(message)
        self.quiet = quiet


class RulesError(OrdersError):
    """The marketplace rules data is malformed or names an unknown marketplace."""

    exit_code = 7


class ConfigError(RulesError):
    """The user's config file is malformed (same exit code as the rules data)."""
