"""The one base class for errors a user can cause.

Pages and the CLI catch `UserError` and show its message (and nothing else); anything
else is a bug and may surface as one.
"""


class UserError(Exception):
    """An error the user can fix; the message says what is wrong and what to do."""
