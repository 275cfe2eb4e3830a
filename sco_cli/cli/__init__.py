"""The command line: the only package that imports Typer or argparse. `app` is the root Typer app, `groups`
the command groups (derived from the kinds table), `help` the plain `sco --help`, `quick` the check
commands parsed without Typer, `options` the shared options, and `commands/` one module per group."""
