"""What the commands share, without Typer: running a check, the office for a command, reading option
values, writing output (one JSON envelope, one report writer per format), the one document-writing
flow, the documents table, the rule catalogue and the C2 matrix."""
