from tests.observatory.fixtures import (  # noqa: F401
    _sample_store_file,
    empty_store,
    observatory_store,
)
