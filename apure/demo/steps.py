"""The demo is the sum of each domain's `demo.load(out)`, run in INSTALLED_APPS order.

A domain takes part by providing a `demo` module with a `load(out)` function that is
idempotent (running it twice changes nothing) and reports what it did through `out`.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps


def demo_steps():
    for config in apps.get_app_configs():
        if not config.name.startswith("apure."):
            continue
        module_name = f"{config.name}.demo"
        if find_spec(module_name) is not None:
            yield config.verbose_name, import_module(module_name).load
