"""One module per `sco <group>` with commands beside its kinds' checks; each has `app()` (a group of its own)
or `add(group)` (commands added to the group of a kind)."""
