"""What each observatory page shows, computed from filters (views only render it)."""

from dataclasses import replace
from urllib.parse import urlencode

from apure.carbon import pages as carbon_pages
from apure.decp import checks

from . import (
    aggregates,
    charts,
    contracts,
    exports,
    geography,
    publication,
    summary,
)
from .filters import Filters
from .indicators import (
    climate_radar,
    cpv_divisions,
    peer_position,
    pnad_gap,
    purchase_segments,
    spaser_estimate,
    territories,
)
from .store_query import cached_page

DIMENSION_LABELS = {"social": "sociale", "environmental": "environnementale"}
# What a text holds when the publisher's encoding was broken: the Unicode replacement character.
REPLACEMENT_CHARACTER = "\ufffd"
# The check whose note means the published amount was judged implausible (not a real amount).
AMOUNT_SET_ASIDE = "absurd_amount"


def trend(result):
    """Line chart of the two shares by year, and its table."""
    years = sorted(int(year) for year in result["by_year"])
    rows = [{"year": year, **result["by_year"][str(year)]} for year in years]
    chart = charts.lines(
        "Évolution des parts de contrats avec considération, par année de notification",
        years,
        [
            ("Considération sociale", [row["social"]["share_yes"] for row in rows]),
            ("Considération environnementale", [row["environmental"]["share_yes"] for row in rows]),
        ],
        desc="Parts calculées sur les contrats dont l'information est connue\u00a0; "
        "voir le tableau pour les valeurs et la couverture.",
        empty="Aucune part calculable\u00a0: les considérations de ces contrats sont inconnues.",
    )
    return {"chart": chart, "rows": rows, "year_unknown": result.get("year_unknown", 0)}


def gauges(filters):
    result = pnad_gap.compute(filters)
    items = []
    for gauge in result.data["gauges"]:
        gauge["chart"] = charts.gauge(
            f"Part des contrats avec considération {gauge['label']}",
            gauge["share"],
            gauge["target"],
            desc=f"{charts.pct(gauge['share'], 1)} pour un objectif PNAD "
            f"{gauge['target_period']} de {charts.pct(gauge['target'])}",
        )
        items.append(gauge)
    return {"items": items, "result": result, "min_known": aggregates.MIN_KNOWN}


def _map_territory(filters):
    """The départements of the view and how to name what lies outside it (None: all France)."""
    if filters.departement:
        name = geography.departement_name(filters.departement)
        return [filters.departement], f"hors du département {name}"
    if filters.region:
        name = geography.region_name(filters.region)
        return geography.departements_of(filters.region), f"hors de la région {name}"
    return [], None


@cached_page
def departement_map(filters, dimension="environmental"):
    """Map of France by département, only the view's territory coloured, and its table."""
    national = territories.compute(filters.without("region", "departement"))
    values = {row["key"]: row[f"{dimension}_share"] for row in national.rows}
    highlight, outside_label = _map_territory(filters)
    shown = [row for row in national.rows if not highlight or row["key"] in highlight]
    desc = "Carte de la France métropolitaine\u00a0; les valeurs sont dans le tableau à côté."
    if outside_label:
        desc += (
            f" Départements {outside_label} en gris, sans valeur\u00a0: ils sont hors de la vue."
        )
    chart = charts.departements_map(
        f"Part des contrats avec considération {DIMENSION_LABELS[dimension]} par département",
        values,
        highlight=highlight,
        desc=desc,
    )
    return {
        "chart": chart,
        "rows": shown,
        "dimension": dimension,
        "dimension_label": DIMENSION_LABELS[dimension],
        "legend": charts.legend_bins(),
        "no_data_colour": charts.NO_DATA,
        "outside_colour": charts.OUTSIDE,
        "outside_label": outside_label,
    }


def segment_bars(result, dimension="environmental"):
    items = [(row["label"], row[f"{dimension}_share"]) for row in result.rows if row["contracts"]]
    return charts.bars(
        f"Part des contrats avec considération {DIMENSION_LABELS[dimension]} par segment",
        items,
        desc="Barres horizontales\u00a0; valeurs et couverture dans le tableau des segments.",
    )


# The parts of each kind of page below its first screen, in the order of its menu: one click
# reaches each; only the part asked for is computed and shown, so every page stays short.
SECTIONS = {
    "home": {
        "segments": "Segments d'achat",
        "territoires": "Carte des départements",
        "cpv": "Divisions CPV",
        "indicateurs": "Tous les indicateurs",
        "carbone": "Empreinte carbone",
        "donnees": "Données chargées et méthode",
    },
    "breakdown": {
        "segments": "Segments d'achat",
        "cpv": "Divisions CPV",
        "acheteurs": "Principaux acheteurs",
        "carbone": "Empreinte carbone",
    },
    "territory": {
        "segments": "Segments d'achat",
        "territoires": "Carte des départements",
        "cpv": "Divisions CPV",
        "acheteurs": "Principaux acheteurs",
        "carbone": "Empreinte carbone",
    },
    "buyer": {
        "publication": "Qualité de ses publications",
        "segments": "Segments d'achat",
        "pairs": "Position parmi les comparables",
        "radar": "Radar Climat et résilience",
        "spaser": "Obligation SPASER",
        "carbone": "Empreinte carbone",
        "mutualisation": "Achats à grouper",
        "contrats": "Derniers contrats",
    },
}


def section_menu(kind, asked):
    """The section asked for when the page has it (else none), and the menu's links."""
    sections = SECTIONS[kind]
    current = asked if asked in sections else ""
    return current, [
        {"key": key, "label": label, "current": key == current} for key, label in sections.items()
    ]


def without_empty_rows(result, noun="ligne"):
    """A copy of an indicator result without the rows that count no contract, and a French
    line saying how many were left out (pages never show rows of zeros; exports keep them)."""
    shown = [row for row in result.rows if row.get("contracts")]
    left_out = len(result.rows) - len(shown)
    notes = list(result.notes)
    if left_out:
        many = left_out > 1
        notes.insert(
            0,
            f"{left_out} {noun}{'s' if many else ''} sans contrat dans cette vue "
            f"ne figure{'nt' if many else ''} pas dans ce tableau (le téléchargement les garde).",
        )
    return replace(result, rows=shown, notes=notes)


def first_screen(filters: Filters):
    """What every view answers first: headline shares with coverage, trend and PNAD gauges."""
    headline = summary.compute(filters)
    if headline is None:
        return None
    return {
        "headline": headline,
        "formats": contracts.coverage_by_format(filters),
        "trend": trend(headline),
        "gauges": gauges(filters),
    }


def _segments_part(filters, map_dimension):
    result = without_empty_rows(purchase_segments.compute(filters), "segment")
    return {"segments": result, "segments_chart": segment_bars(result)}


# What each section computes, from the view's filters and the map's dimension.
SECTION_DATA = {
    "segments": _segments_part,
    "territoires": lambda filters, dimension: {"map": departement_map(filters, dimension)},
    "cpv": lambda filters, dimension: {
        "divisions": without_empty_rows(cpv_divisions.compute(filters), "division")
    },
    "acheteurs": lambda filters, dimension: {"buyers": contracts.top_buyers(filters)},
    "indicateurs": lambda filters, dimension: {},
    "carbone": lambda filters, dimension: {"carbon": carbon_pages.lazy_block(filters)},
    "donnees": lambda filters, dimension: {},
}


@cached_page
def dashboard(filters: Filters, map_dimension="environmental", section=""):
    """The home and the territory, segment and CPV division pages: first screen and a part."""
    data = first_screen(filters)
    if data is None:
        return None
    if section in SECTION_DATA:
        data.update(SECTION_DATA[section](filters, map_dimension))
    return data


def breakdown_page(filters: Filters, section="", map_dimension="environmental"):
    """Segment, CPV division and territory pages share the home's content."""
    return dashboard(filters, map_dimension, section)


BUYER_SECTION_DATA = {
    "publication": lambda siret, scoped: {"scorecard": publication.scorecard(siret)},
    "segments": lambda siret, scoped: {
        "segments": without_empty_rows(purchase_segments.compute(scoped), "segment")
    },
    "pairs": lambda siret, scoped: {"peers": peer_position.compute(scoped)},
    "radar": lambda siret, scoped: {"radar": climate_radar.compute(scoped)},
    "spaser": lambda siret, scoped: {"spaser": spaser_estimate.compute(scoped)},
    "carbone": lambda siret, scoped: {"carbon": carbon_pages.lazy_block(scoped)},
    "contrats": lambda siret, scoped: {"latest": contracts.page(scoped, size=10, count=False)},
}


@cached_page
def buyer_page(siret, filters: Filters, section=""):
    identity = contracts.buyer(siret)
    if identity is None:
        return None
    # Explicit empty région: the links of this page must not fall back to the default région.
    scoped = filters.with_(buyer=siret, region="", departement="", buyer_kind="")
    data = {"identity": identity, "filters": scoped, **first_screen(scoped)}
    if section in BUYER_SECTION_DATA:
        data.update(BUYER_SECTION_DATA[section](siret, scoped))
    return data


def garbled_fields(contract) -> list[str]:
    """French names of the texts of a contract (holders included) whose encoding was broken
    at the source: the pipeline has no check for it, the page says so from the text itself."""
    names = [
        label
        for column, label in exports.CONTRACT_COLUMNS.items()
        if REPLACEMENT_CHARACTER in str(contract.get(column) or "")
    ]
    if any(
        REPLACEMENT_CHARACTER in str(holder.get("name") or "") for holder in contract["holders"]
    ):
        names.append("Titulaires")
    return names


def contract_page(uid):
    """A contract, its fields in French, its notes with their French labels, and warnings."""
    contract = contracts.detail(uid)
    if contract is None:
        return None
    notes = [{**note, "label": checks.label(note["code"])} for note in contract["notes"]]
    amount_set_aside = any(note["code"] == AMOUNT_SET_ASIDE for note in notes)
    return {
        "contract": contract,
        "fields": contracts.french_fields(contract, amount_set_aside=amount_set_aside),
        "notes": notes,
        "amount_set_aside": amount_set_aside,
        "garbled_fields": garbled_fields(contract),
    }


# List columns whose cell links somewhere: the contract's page, the buyer's page.
LINKED_COLUMNS = {"object": "contract", "uid": "contract", "buyer_name": "buyer"}
NUMERIC_COLUMNS = {"amount", "initial_amount", "amount_published", "duration_months",
                   "holders_count", "versions", "notes_count", "record_index"}  # fmt: skip
SORT_KEY_OF_COLUMN = {column: key for key, (column, _) in contracts.SORTS.items()}


def list_state(columns=(), sort="date", direction=""):
    """The URL items of a list's columns and sort, left out when they are the defaults."""
    items = []
    if list(columns) != list(contracts.LIST_DEFAULT_COLUMNS):
        items.extend(("colonne", column) for column in columns)
    key, direction = contracts.sort_order(sort, direction)[:2]
    if (key, direction) != contracts.sort_order()[:2]:
        items.extend([("tri", key), ("sens", direction)])
    return items


def list_query(filters, text="", columns=(), sort="date", direction="", number=None, cursor=None):
    """The URL query of a contract list view: filters, words, columns, sort and page (its
    number, or the cursor that reaches it without OFFSET)."""
    items = filters.query_items()
    if text:
        items.append(("q", text))
    items.extend(list_state(columns or contracts.LIST_DEFAULT_COLUMNS, sort, direction))
    if cursor:
        items.append(("curseur", cursor))
    elif number:
        items.append(("page", str(number)))
    return urlencode(items)


def _step_query(view, listing, step):
    """The link to the previous (-1) or next (+1) page: the first page by its number, the
    others by cursor, so that reading deep into a list costs what its first page costs."""
    number = listing["number"] + step
    cursor = listing["previous_cursor" if step < 0 else "next_cursor"]
    if not 1 <= number <= listing["pages"] or (number > 1 and not cursor):
        return ""  # no such page, or a page too deep to reach but by its neighbour
    return list_query(**view, number=number, cursor=cursor if number > 1 else None)


def export_query(filters, text, columns):
    """The URL query of the exports of a list: its filters, words and columns, always named."""
    items = [*filters.query_items(), *([("q", text)] if text else [])]
    return urlencode([*items, *(("colonne", column) for column in columns)])


def contract_table(listing, filters, text, columns, sort, direction):
    """Header (with the link that sorts by each sortable column) and French cells of a list."""
    key, direction = contracts.sort_order(sort, direction)[:2]
    header = []
    for column in columns:
        sort_key = SORT_KEY_OF_COLUMN.get(column)
        cell = {"label": exports.CONTRACT_COLUMNS[column], "numeric": column in NUMERIC_COLUMNS,
                "sorted": "", "sort_url": None}  # fmt: skip
        if sort_key:
            current = sort_key == key
            default = contracts.SORTS[sort_key][1]
            # A second click on the sorted column reverses its order.
            next_direction = ("asc" if direction == "desc" else "desc") if current else default
            cell["sort_url"] = "?" + list_query(filters, text, columns, sort_key, next_direction)
            if current:
                cell["sorted"] = "ascending" if direction == "asc" else "descending"
        header.append(cell)
    rows = []
    for row in listing["rows"]:
        cells = []
        for column in columns:
            target = LINKED_COLUMNS.get(column)
            value = row.get(column)
            # A contract published without an object is still reached by its identifier.
            text = row["uid"] if target == "contract" and not value else None
            cells.append({
                "text": text or contracts.display_value(column, value),
                "numeric": column in NUMERIC_COLUMNS,
                "state": row.get(column) if column in ("social", "environmental") else "",
                "link": target,
                "key": row["uid"] if target == "contract" else row["buyer_siret"],
            })  # fmt: skip
        rows.append(cells)
    return {"header": header, "rows": rows}


def contract_list(filters, text, requested_columns, sort, direction, number, cursor=""):
    """The contract list page: a page of rows in the chosen columns and order, the links of its
    pages, headers and exports, and what its filter form keeps (words, columns, sort)."""
    columns = contracts.list_columns(requested_columns)
    sort, direction, _ = contracts.sort_order(sort, direction)
    view = {"filters": filters, "text": text, "columns": columns, "sort": sort,
            "direction": direction}  # fmt: skip
    listing = contracts.page(filters, text=text, number=number, sort=sort, direction=direction,
                             columns=columns, size=contracts.LIST_PAGE_SIZE,
                             cursor=cursor)  # fmt: skip
    if listing is None:
        return {"listing": None, "columns": columns, "list_keep": (), "feed_query": ""}
    # The deepest page a number reaches (contracts.MAX_OFFSET); further pages by cursor.
    max_page = contracts.MAX_OFFSET // contracts.LIST_PAGE_SIZE + 1
    return {
        "listing": listing,
        "columns": columns,
        "sort": sort,
        "direction": direction,
        "table": contract_table(listing, **view),
        "previous_query": _step_query(view, listing, -1),
        "next_query": _step_query(view, listing, +1),
        "first_query": list_query(**view),
        "max_page": max_page,
        "max_page_query": list_query(**view, number=max_page),
        "export_query": export_query(filters, text, columns),
        "json_query": list_query(filters, text, sort=sort, direction=direction),
        "feed_query": list_query(filters, text),
        # The filter form keeps the words, columns and sort of the list.
        "list_keep": [*([("q", text)] if text else []), *list_state(columns, sort, direction)],
    }
