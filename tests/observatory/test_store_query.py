from apure.observatory import store_query


def test_a_cached_page_registers_itself_and_is_cleared_with_the_store_cache(observatory_store):
    """A new import must show at once on every cached page, whoever defined it."""
    calls = []

    @store_query.cached_page
    def page(number):
        calls.append(number)
        return number * 2

    assert page(21) == 42 and page(21) == 42
    assert calls == [21]  # the second call came from the cache
    store_query.clear_cache()
    assert page(21) == 42
    assert calls == [21, 21]
