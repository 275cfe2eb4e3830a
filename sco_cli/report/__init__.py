"""One reporter per output format; each takes a `Report` and returns text for stdout."""
