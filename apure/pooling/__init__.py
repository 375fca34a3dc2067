"""Pooling (« mutualisation ») from the open data: which buyers of a territory each bought the
same kind of thing separately, and when their contracts should end (a renewal calendar).

Everything is read from the analytical store through the observatory's cached queries and
filters (`apure.observatory.store_query`, `filters.Filters`); nothing here writes anything.
"""
