"""The one flow every command shares: load -> model -> rules -> report."""
