"""apure: the open platform of the responsible public buyers' network."""
