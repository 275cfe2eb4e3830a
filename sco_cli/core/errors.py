"""Exceptions that mean "the user called sco wrongly" rather than "the file has a problem"."""


class UsageError(Exception):
    """A mistake in how sco was called (missing path, bad option, refusing to overwrite): exit 2."""
