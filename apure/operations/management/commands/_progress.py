"""A progress bar in bytes on a terminal (nothing with --json or when not on a terminal)."""

import sys
from contextlib import contextmanager


@contextmanager
def byte_progress(description: str, enabled: bool):
    if not (enabled and sys.stderr.isatty()):
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(unit="o", unit_scale=True, unit_divisor=1024, desc=description, file=sys.stderr)
    try:
        yield bar.update
    finally:
        bar.close()
