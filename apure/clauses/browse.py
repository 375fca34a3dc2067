"""Browsing the published library: full-text search narrowed by facets, with facet counts."""

from dataclasses import dataclass

from apure import search
from apure.search.text import sort_key

from .models import Clause, Kind, Segment, Theme


@dataclass
class Facet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Browse:
    clauses: list
    facets: dict


def browse(query="", segment="", kind="", theme="") -> Browse:
    queryset = Clause.objects.published().prefetch_related("segments", "themes")
    if segment:
        queryset = queryset.filter(segments__code=segment)
    if kind:
        queryset = queryset.filter(kind=kind)
    if theme:
        queryset = queryset.filter(themes__code=theme)
    clauses = search.objects(query, queryset.distinct())
    if not query:
        # Without a query, in French alphabetical order (« Bâtiments » before « Bois »), which
        # the databases' default collations do not follow.
        clauses = sorted(clauses, key=lambda clause: sort_key(clause.title))
    return Browse(clauses=clauses, facets=_facets(clauses, segment, kind, theme))


def _facets(clauses, segment, kind, theme):
    segments, kinds, themes = {}, {}, {}
    for clause in clauses:
        kinds[clause.kind] = kinds.get(clause.kind, 0) + 1
        for item in clause.segments.all():
            segments[item.code] = segments.get(item.code, 0) + 1
        for item in clause.themes.all():
            themes[item.code] = themes.get(item.code, 0) + 1
    return {
        "segment": [
            Facet(s.code, s.label, segments[s.code], s.code == segment)
            for s in Segment.objects.filter(code__in=segments).alphabetical()
        ],
        "kind": [Facet(v, label, kinds[v], v == kind) for v, label in Kind.choices if v in kinds],
        "theme": [
            Facet(t.code, t.label, themes[t.code], t.code == theme)
            for t in Theme.objects.filter(code__in=themes)
        ],
    }
