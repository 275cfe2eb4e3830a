"""The office file (`kind: office`, `sco.yaml`): its own rules (LE staff, the SCO's settings) and dated items.
The model is `core.office.Office`, since every check reads the office."""
