"""The filters shared by every indicator, page, export and API call.

A `Filters` value is parsed from a URL query (French parameter names, so that shared links read
well) or built by the command line, and turns itself into a SQL condition with bound parameters.
The territory of a contract is its place of execution, or its buyer's territory when the place
is unknown. Test records published by software vendors (`is_test`) are not contracts: every
filtered set leaves them out (the contract page still shows them, with their note).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from urllib.parse import urlencode

from . import geography, labels, segments

TERRITORY_DEPARTEMENT = "coalesce(departement, buyer_departement)"

# Amount bands (€ HT): 40 000 € is the DECP publication threshold, 90 000 € the former census
# threshold; the upper bands roughly follow the EU thresholds. They group, they do not judge.
AMOUNT_BANDS = {
    "moins-40k": ("moins de 40 000 €", None, 40_000),
    "40k-90k": ("de 40 000 € à 90 000 €", 40_000, 90_000),
    "90k-215k": ("de 90 000 € à 215 000 €", 90_000, 215_000),
    "215k-1m": ("de 215 000 € à 1 M€", 215_000, 1_000_000),
    "1m-5m": ("de 1 M€ à 5,4 M€", 1_000_000, 5_400_000),
    "5m-plus": ("5,4 M€ et plus", 5_400_000, None),
    "inconnu": ("montant inconnu", None, None),
}

YEAR_RANGE = range(2010, 2101)
YEAR_MAX_DIGITS = 8


def _out_of_period(year) -> str:
    return f"Année ignorée\u00a0: « {year} » hors de la période des données."


# --- the filters, each described once --------------------------------------------------------
@dataclass(frozen=True)
class Filter:
    """One filter: its attribute on `Filters`, its URL key, how a value is checked, its SQL
    condition and its French phrase. Parsing, validation, SQL, URLs, the API's `filtres` and
    captions are all derived from the table `FILTERS` below."""

    name: str
    key: str  # French URL parameter, so that shared links read well
    # (column prefix, value) -> SQL conditions and their bound parameters
    sql: Callable[[str, object], tuple[list[str], list]]
    # the whole filters -> a French phrase for captions and exports, or None
    phrase: Callable[["Filters"], str | None]
    is_valid: Callable[[str], object] = bool
    reason: str = ""
    normalise: Callable[[str], str] = str.strip  # of a URL value


def _equals(column):
    return lambda prefix, value: ([f"{prefix}{column} = ?"], [value])


def _years_sql(prefix, years):
    return [f"{prefix}year IN ({', '.join('?' for _ in years)})"], list(years)


def _years_phrase(filters):
    if not filters.years:
        return "toutes les années"
    label = "année " if len(filters.years) == 1 else "années "
    return label + ", ".join(str(year) for year in filters.years)


def _territory_phrase(filters):
    """The département (with its région), else the région, else all of France."""
    if filters.departement:
        return (
            f"département {geography.departement_name(filters.departement)} "
            f"(région {geography.region_name(filters.region)})"
        )
    if filters.region:
        return f"région {geography.region_name(filters.region)}"
    return None if filters.buyer else "toute la France"


def _buyer_kind_sql(prefix, value):
    if value == labels.UNKNOWN_BUYER_KIND:
        return [f"{prefix}buyer_kind IS NULL"], []
    return [f"{prefix}buyer_kind = ?"], [value]


def _segment_sql(prefix, value):
    prefixes = segments.get(value).cpv_prefixes
    return ["(" + " OR ".join(f"starts_with({prefix}cpv, ?)" for _ in prefixes) + ")"], list(
        prefixes
    )


def _procedure_phrase(filters):
    if not filters.procedure:
        return None
    procedure = filters.procedure.lower()
    # Most DECP labels already start with the word (« Procédure adaptée »).
    return procedure if procedure.startswith("procédure") else f"procédure {procedure}"


def _amount_band_sql(prefix, value):
    if value == "inconnu":
        return [f"{prefix}amount IS NULL"], []
    _, low, high = AMOUNT_BANDS[value]
    conditions, params = [], []
    if low is not None:
        conditions.append(f"{prefix}amount >= ?")
        params.append(low)
    if high is not None:
        conditions.append(f"{prefix}amount < ?")
        params.append(high)
    return conditions, params


def _when(name, text):
    """A phrase shown only when the filter `name` is set."""
    return lambda filters: text(getattr(filters, name)) if getattr(filters, name) else None


FILTERS = {
    item.name: item
    for item in (
        Filter("years", "annee", _years_sql, _years_phrase),  # checked apart: several years
        Filter("region", "region",
               lambda p, v: ([f"coalesce({p}region, {p}buyer_region) = ?"], [v]),
               _territory_phrase,
               lambda v: v in geography.regions(), "région inconnue"),
        Filter("departement", "departement",
               lambda p, v: ([f"coalesce({p}departement, {p}buyer_departement) = ?"], [v]),
               lambda filters: None,  # said with the région (_territory_phrase)
               lambda v: v in geography.departements(), "département inconnu",
               normalise=lambda v: v.strip().upper()),
        Filter("buyer", "acheteur", _equals("buyer_siret"),
               _when("buyer", lambda v: f"acheteur {v}"),
               lambda v: re.fullmatch(r"\d{14}", v), "un SIRET compte 14 chiffres",
               normalise=lambda v: v.strip().replace(" ", "")),
        Filter("buyer_kind", "categorie", _buyer_kind_sql,
               _when("buyer_kind", lambda v: f"catégorie {labels.buyer_kind(v).lower()}"),
               lambda v: v in labels.BUYER_KINDS or v == labels.UNKNOWN_BUYER_KIND,
               "catégorie d'acheteur inconnue"),
        Filter("cpv_division", "cpv", _equals("cpv_division"),
               _when("cpv_division", lambda v: f"division CPV {v}"),
               lambda v: re.fullmatch(r"\d{2}", v), "une division CPV a 2 chiffres"),
        Filter("segment", "segment", _segment_sql,
               _when("segment", lambda v: f"segment {segments.get(v).label.lower()}"),
               lambda v: segments.get(v) is not None, "segment inconnu"),
        Filter("procedure", "procedure", _equals("procedure"), _procedure_phrase,
               lambda v: len(v) <= 200, "procédure trop longue"),
        Filter("amount_band", "montant", _amount_band_sql,
               _when("amount_band", lambda v: AMOUNT_BANDS[v][0]),
               lambda v: v in AMOUNT_BANDS, "tranche de montant inconnue"),
        Filter("kind", "type", _equals("kind"),
               _when("kind", lambda v: labels.contract_kind(v).lower() + "s"),
               lambda v: v in labels.CONTRACT_KINDS, "type de contrat inconnu"),
    )
}  # fmt: skip
# The single-valued filters, checked one by one in `Filters.build`.
SINGLE = [item for name, item in FILTERS.items() if name != "years"]

# Attribute -> URL parameter (the API describes its `filtres` object with it).
PARAMETERS = {name: item.key for name, item in FILTERS.items()}


@dataclass(frozen=True)
class Filters:
    """The filters of one view. Adding a filter: a row in FILTERS and its field here."""

    years: tuple[int, ...] = ()
    region: str = ""
    departement: str = ""
    buyer: str = ""
    buyer_kind: str = ""
    cpv_division: str = ""
    segment: str = ""
    procedure: str = ""
    amount_band: str = ""
    kind: str = ""
    errors: tuple[str, ...] = field(default=(), compare=False)
    # Adjustments made to the filters (not errors: the view is still what was asked for).
    notices: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self):
        # A département lies in one région: ANDing it with another région (often the default
        # one) would silently give 0 contracts. The département wins, here, so that every
        # way of building filters (URL, `with_`, command line) agrees.
        own_region = geography.departement_region(self.departement)
        if own_region and self.region != own_region:
            object.__setattr__(self, "region", own_region)

    # --- building -------------------------------------------------------------------------
    @classmethod
    def from_query(cls, query, default_region=geography.HAUTS_DE_FRANCE):
        """Parse a QueryDict (or dict of lists); an absent `region` means the default région."""
        errors = []

        def one(name):
            values = query.getlist(name) if hasattr(query, "getlist") else query.get(name, [])
            if isinstance(values, str):
                values = [values]
            return (values[-1] if values else "").strip()

        years = []
        key = FILTERS["years"].key
        raw_years = query.getlist(key) if hasattr(query, "getlist") else query.get(key, [])
        for raw in raw_years if not isinstance(raw_years, str) else [raw_years]:
            for part in str(raw).split(","):
                part = part.strip()
                if not part:
                    continue
                if not part.isdecimal():
                    errors.append(f"Année ignorée\u00a0: « {part} » n'est pas une année.")
                elif len(part) > YEAR_MAX_DIGITS:  # int() refuses very long strings
                    errors.append(_out_of_period(part[:YEAR_MAX_DIGITS] + "…"))
                else:
                    years.append(int(part))  # `build` judges the period, as for the CLI
        has_region = "region" in query
        values = {item.name: item.normalise(one(item.key)) for item in SINGLE}
        values["years"] = tuple(sorted(set(years)))
        if not has_region:
            values["region"] = default_region or ""
        return cls.build(errors=errors, region_asked=has_region, **values)

    @classmethod
    def build(cls, errors=(), region_asked=True, **values):
        """Validate values; invalid ones are dropped with a French message.

        `region_asked` is false when the région is a default nobody asked for: a département
        elsewhere then replaces it without a notice about a région the visitor never chose."""
        errors = list(errors)
        years = set(values.get("years") or ())
        for year in sorted(years - set(YEAR_RANGE)):
            errors.append(_out_of_period(year))
        clean = {"years": tuple(sorted(years & set(YEAR_RANGE)))}
        for item in SINGLE:
            value = str(values.get(item.name) or "").strip()
            if value and not item.is_valid(value):
                errors.append(f"Filtre « {item.key} » ignoré\u00a0: {item.reason} ({value}).")
                value = ""
            clean[item.name] = value
        notices = _region_notices(clean) if region_asked else ()
        return cls(errors=tuple(errors), notices=notices, **clean)

    def without(self, *names):
        return replace(self, **{name: () if name == "years" else "" for name in names})

    def with_(self, **values):
        return replace(self, **values)

    # --- SQL ------------------------------------------------------------------------------
    def where(self, prefix="") -> tuple[str, list]:
        """A SQL condition (never empty) and its parameters; test records are always left out."""
        clauses, params = [f"NOT coalesce({prefix}is_test, false)"], []
        for item in FILTERS.values():
            value = getattr(self, item.name)
            if value:
                conditions, values = item.sql(prefix, value)
                clauses.extend(conditions)
                params.extend(values)
        return " AND ".join(clauses), params

    # --- URL and display --------------------------------------------------------------------
    def query_items(self, explicit_region=True) -> list[tuple[str, str]]:
        items = [(FILTERS["years"].key, str(year)) for year in self.years]
        for item in SINGLE:
            value = getattr(self, item.name)
            if value or (item.name == "region" and explicit_region):
                items.append((item.key, value))
        return items

    def querystring(self, **overrides) -> str:
        return urlencode(replace(self, **overrides).query_items())

    def as_dict(self) -> dict:
        return {
            item.key: list(self.years) if item.name == "years" else getattr(self, item.name)
            for item in FILTERS.values()
        }

    def description(self) -> list[str]:
        """French phrases describing the active filters (for captions and exports)."""
        phrases = (item.phrase(self) for item in FILTERS.values())
        return [phrase for phrase in phrases if phrase]


# The dataclass fields are the only other mention of a filter: say it at once if they differ.
if [item.name for item in fields(Filters) if item.compare] != list(FILTERS):
    raise ImportError("observatory.filters: the fields of Filters must follow FILTERS")


def _region_notices(values) -> tuple[str, ...]:
    """Say so when the département's région replaces the région asked for."""
    own_region = geography.departement_region(values.get("departement"))
    asked = values.get("region")
    if not own_region or not asked or asked == own_region:
        return ()
    return (
        f"Le département {geography.departement_name(values['departement'])} est en région "
        f"{geography.region_name(own_region)}\u00a0: la vue porte sur ce département, et non sur "
        f"la région {geography.region_name(asked)}.",
    )
