"""The filters shared by every indicator, page, export and API call.

A `Filters` value is parsed from a URL query (French parameter names, so that shared links read
well) or built by the command line, and turns itself into a SQL condition with bound parameters.
The territory of a contract is its place of execution, or its buyer's territory when the place
is unknown. Test records published by software vendors (`is_test`) are not contracts: every
filtered set leaves them out (the contract page still shows them, with their note).
"""

import re
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

PARAMETERS = {
    "years": "annee",
    "region": "region",
    "departement": "departement",
    "buyer": "acheteur",
    "buyer_kind": "categorie",
    "cpv_division": "cpv",
    "segment": "segment",
    "procedure": "procedure",
    "amount_band": "montant",
    "kind": "type",
}

YEAR_RANGE = range(2010, 2101)
YEAR_MAX_DIGITS = 8


def _out_of_period(year) -> str:
    return f"Année ignorée : « {year} » hors de la période des données."


@dataclass(frozen=True)
class Filters:
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
        raw_years = query.getlist("annee") if hasattr(query, "getlist") else query.get("annee", [])
        for raw in raw_years if not isinstance(raw_years, str) else [raw_years]:
            for part in str(raw).split(","):
                part = part.strip()
                if not part:
                    continue
                if not part.isdecimal():
                    errors.append(f"Année ignorée : « {part} » n'est pas une année.")
                elif len(part) > YEAR_MAX_DIGITS:  # int() refuses very long strings
                    errors.append(_out_of_period(part[:YEAR_MAX_DIGITS] + "…"))
                else:
                    years.append(int(part))  # `build` judges the period, as for the CLI
        has_region = "region" in query
        values = {
            "years": tuple(sorted(set(years))),
            "region": one("region") if has_region else (default_region or ""),
            "departement": one("departement").upper(),
            "buyer": one("acheteur").replace(" ", ""),
            "buyer_kind": one("categorie"),
            "cpv_division": one("cpv"),
            "segment": one("segment"),
            "procedure": one("procedure"),
            "amount_band": one("montant"),
            "kind": one("type"),
        }
        return cls.build(errors=errors, region_asked=has_region, **values)

    @classmethod
    def build(cls, errors=(), region_asked=True, **values):
        """Validate values; invalid ones are dropped with a French message.

        `region_asked` is false when the région is a default nobody asked for: a département
        elsewhere then replaces it without a notice about a région the visitor never chose."""
        errors = list(errors)
        checks = {
            "region": (lambda v: v in geography.regions(), "région inconnue"),
            "departement": (lambda v: v in geography.departements(), "département inconnu"),
            "buyer": (lambda v: re.fullmatch(r"\d{14}", v), "un SIRET compte 14 chiffres"),
            "buyer_kind": (
                lambda v: v in labels.BUYER_KINDS or v == labels.UNKNOWN_BUYER_KIND,
                "catégorie d'acheteur inconnue",
            ),
            "cpv_division": (lambda v: re.fullmatch(r"\d{2}", v), "une division CPV a 2 chiffres"),
            "segment": (lambda v: segments.get(v) is not None, "segment inconnu"),
            "procedure": (lambda v: len(v) <= 200, "procédure trop longue"),
            "amount_band": (lambda v: v in AMOUNT_BANDS, "tranche de montant inconnue"),
            "kind": (lambda v: v in labels.CONTRACT_KINDS, "type de contrat inconnu"),
        }
        years = set(values.get("years") or ())
        for year in sorted(years - set(YEAR_RANGE)):
            errors.append(_out_of_period(year))
        clean = {"years": tuple(sorted(years & set(YEAR_RANGE)))}
        for name, (is_valid, reason) in checks.items():
            value = str(values.get(name) or "").strip()
            if value and not is_valid(value):
                errors.append(f"Filtre « {PARAMETERS[name]} » ignoré : {reason} ({value}).")
                value = ""
            clean[name] = value
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
        if self.years:
            clauses.append(f"{prefix}year IN ({', '.join('?' for _ in self.years)})")
            params.extend(self.years)
        if self.region:
            clauses.append(f"coalesce({prefix}region, {prefix}buyer_region) = ?")
            params.append(self.region)
        if self.departement:
            clauses.append(f"coalesce({prefix}departement, {prefix}buyer_departement) = ?")
            params.append(self.departement)
        if self.buyer:
            clauses.append(f"{prefix}buyer_siret = ?")
            params.append(self.buyer)
        if self.buyer_kind == labels.UNKNOWN_BUYER_KIND:
            clauses.append(f"{prefix}buyer_kind IS NULL")
        elif self.buyer_kind:
            clauses.append(f"{prefix}buyer_kind = ?")
            params.append(self.buyer_kind)
        if self.cpv_division:
            clauses.append(f"{prefix}cpv_division = ?")
            params.append(self.cpv_division)
        if self.segment:
            prefixes = segments.get(self.segment).cpv_prefixes
            clauses.append(
                "(" + " OR ".join(f"starts_with({prefix}cpv, ?)" for _ in prefixes) + ")"
            )
            params.extend(prefixes)
        if self.procedure:
            clauses.append(f"{prefix}procedure = ?")
            params.append(self.procedure)
        if self.amount_band == "inconnu":
            clauses.append(f"{prefix}amount IS NULL")
        elif self.amount_band:
            _, low, high = AMOUNT_BANDS[self.amount_band]
            if low is not None:
                clauses.append(f"{prefix}amount >= ?")
                params.append(low)
            if high is not None:
                clauses.append(f"{prefix}amount < ?")
                params.append(high)
        if self.kind:
            clauses.append(f"{prefix}kind = ?")
            params.append(self.kind)
        return " AND ".join(clauses), params

    # --- URL and display --------------------------------------------------------------------
    def query_items(self, explicit_region=True) -> list[tuple[str, str]]:
        items = [("annee", str(year)) for year in self.years]
        for name in (f.name for f in fields(self)):
            if name in ("years", "errors", "notices"):
                continue
            value = getattr(self, name)
            if name == "region" and explicit_region:
                items.append(("region", value))
            elif value:
                items.append((PARAMETERS[name], value))
        return items

    def querystring(self, **overrides) -> str:
        return urlencode(replace(self, **overrides).query_items())

    def as_dict(self) -> dict:
        return {
            PARAMETERS[f.name]: (
                list(getattr(self, f.name)) if f.name == "years" else getattr(self, f.name)
            )
            for f in fields(self)
            if f.name not in ("errors", "notices")
        }

    def description(self) -> list[str]:
        """French phrases describing the active filters (for captions and exports)."""
        parts = []
        if self.years:
            label = "année " if len(self.years) == 1 else "années "
            parts.append(label + ", ".join(str(year) for year in self.years))
        else:
            parts.append("toutes les années")
        if self.departement:
            parts.append(
                f"département {geography.departement_name(self.departement)} "
                f"(région {geography.region_name(self.region)})"
            )
        elif self.region:
            parts.append(f"région {geography.region_name(self.region)}")
        elif not self.buyer:
            parts.append("toute la France")
        if self.buyer:
            parts.append(f"acheteur {self.buyer}")
        if self.buyer_kind:
            parts.append(f"catégorie {labels.buyer_kind(self.buyer_kind).lower()}")
        if self.cpv_division:
            parts.append(f"division CPV {self.cpv_division}")
        if self.segment:
            parts.append(f"segment {segments.get(self.segment).label.lower()}")
        if self.procedure:
            procedure = self.procedure.lower()
            # Most DECP labels already start with the word (« Procédure adaptée »).
            parts.append(
                procedure if procedure.startswith("procédure") else f"procédure {procedure}"
            )
        if self.amount_band:
            parts.append(AMOUNT_BANDS[self.amount_band][0])
        if self.kind:
            parts.append(labels.contract_kind(self.kind).lower() + "s")
        return parts


def _region_notices(values) -> tuple[str, ...]:
    """Say so when the département's région replaces the région asked for."""
    own_region = geography.departement_region(values.get("departement"))
    asked = values.get("region")
    if not own_region or not asked or asked == own_region:
        return ()
    return (
        f"Le département {geography.departement_name(values['departement'])} est en région "
        f"{geography.region_name(own_region)} : la vue porte sur ce département, et non sur la "
        f"région {geography.region_name(asked)}.",
    )
