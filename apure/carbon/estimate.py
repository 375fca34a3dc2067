"""Carbon estimate of purchases: amount × monetary emission ratio of the contract's sector.

Computed in DuckDB over the analytical store for any `Filters` (the observatory's views, a
body's year in the SPASER report, the API, the command line). The contracts are first grouped
on (CPV prefix, year, framework agreement, subsequent contract), a few thousand rows even for
a million contracts; only that small result is joined to the CPV → sector mapping (longest
prefix wins) and to the ratios, both passed as bound VALUES lists.

Amount rule, the observatory's own: only marchés count (a concession's value is not a price)
and only `amount`, which the pipeline leaves NULL when the published amount is negative,
non-finite or implausible (`apure.decp.values.amount_problem`, kept in `amount_published`);
`sum(amount)` of marchés, exactly as the observatory's totals (aggregates.CUBE_COLUMNS).
A sector without a ratio is « facteur inconnu »: its amount is left out of the estimate and
lowers the coverage, never counted as zero emissions.

Framework agreements (accords-cadres), the one rule, applied in the query below: a framework
agreement publishes its maximum amount, a ceiling set before any order, and the spends under it
may be published too (2019 « Marché subséquent »; in the 2022 format a subsequent contract
may carry the technique « Accord-cadre » like its agreement, and the store keeps neither
`idAccordCadre` nor the execution modality, so the two cannot be told apart). Counting both
would count one spend twice, and no published field links them reliably. So the central value
and the low bound count every marché except framework agreements; their maximums are added to
the high bound only, and given apart (`framework_*`). Each euro the observatory sums is thus in
exactly one of the two parts (`firm_amount_eur` + `framework_amount_eur` = `amount_eur`).
"""

from dataclasses import dataclass, field

from apure.decp.normalise import SUBSEQUENT_NATURE
from apure.observatory import store_query

from . import reference

# What the observatory counts as an amount: marchés only (aggregates, contracts.top_buyers).
MARCHES = "kind = 'marche'"


# Framework agreements publish a maximum, not a spend: the store's column (2019 `nature`, 2022
# `techniques`); a contract whose record does not say is counted as a spend.
def _framework_sql() -> str:
    return f"coalesce({store_query.framework_sql()}, false)"


# A spend under a framework agreement that the 2019 format names (`nature`, as normalised by
# apure.decp.normalise); counted as a spend like any marché, shown apart for transparency.
SUBSEQUENT_SQL = f"coalesce(nature = '{SUBSEQUENT_NATURE}', false)"


NO_SECTOR = ""  # CPV missing or matched by no prefix of the mapping
METHOD_PATH = "/observatoire/methode/carbone/"


@dataclass
class SectorLine:
    """One sector of a view; `kg*` are None when the sector has no ratio (« facteur inconnu »)."""

    sector: str
    label: str
    marches: int = 0
    amount_eur: float = 0.0
    kg: float | None = None
    kg_low: float | None = None
    kg_high: float | None = None
    framework_amount_eur: float = 0.0
    ratio: reference.Ratio | None = None
    framework_kg: float | None = None

    @property
    def known(self) -> bool:
        return self.kg is not None

    def add(self, marches, amount, framework_amount, kg, kg_low, kg_high, framework_kg):
        self.marches += marches
        self.amount_eur += amount
        self.framework_amount_eur += framework_amount
        if kg is not None:
            self.kg = (self.kg or 0) + kg
            self.kg_low = (self.kg_low or 0) + kg_low
            self.kg_high = (self.kg_high or 0) + kg_high
            self.framework_kg = (self.framework_kg or 0) + framework_kg


@dataclass
class Estimate:
    """Totals in kgCO2e; `tco2e`, `low`, `high` give tonnes. None when nothing is counted.

    `kg` and `kg_low` leave framework agreements out, `kg_high` counts them at their maximum
    (module docstring); `framework_kg` is their part at the central ratio, given apart."""

    marches: int = 0
    marches_without_amount: int = 0
    amount_eur: float = 0.0
    amount_with_factor_eur: float = 0.0
    kg: float = 0.0
    kg_low: float = 0.0
    kg_high: float = 0.0
    framework_amount_eur: float = 0.0
    framework_with_factor_eur: float = 0.0
    framework_kg: float = 0.0
    subsequent_amount_eur: float = 0.0
    euro_years: list = field(default_factory=list)
    sectors: list = field(default_factory=list)

    @property
    def coverage(self) -> float | None:
        """The share of what the central value rests on (marchés but framework agreements)
        that has a ratio; None when there is no such amount."""
        if self.firm_amount_eur <= 0:
            return None
        return round(self.central_amount_eur / self.firm_amount_eur, 4)

    @property
    def has_value(self) -> bool:
        """Some amount has a ratio: at least the high bound can be given."""
        return self.amount_with_factor_eur > 0

    @property
    def has_central(self) -> bool:
        """Some spend (not a framework maximum) has a ratio: a central value and a low bound."""
        return self.central_amount_eur > 0

    @property
    def firm_unknown_factor_eur(self) -> float:
        """Spends (framework maximums aside) of sectors without a ratio: left out."""
        return round(self.firm_amount_eur - self.central_amount_eur, 2)

    @property
    def firm_amount_eur(self) -> float:
        """The amount the central value rests on: every marché but framework agreements."""
        return self.amount_eur - self.framework_amount_eur

    @property
    def central_amount_eur(self) -> float:
        """The part of it with a ratio: what the central value and the low bound count."""
        return self.amount_with_factor_eur - self.framework_with_factor_eur

    @property
    def reason(self) -> str | None:
        """Why no estimate is given (French), or None."""
        if self.has_central:
            return None
        if not self.amount_eur:
            return "aucun marché avec un montant retenu dans cette vue"
        if self.has_value:
            return FRAMEWORK_ONLY
        return "facteur inconnu pour tous les secteurs des marchés de cette vue"

    def tonnes(self, kg):
        return round(kg / 1000, 3) if self.has_value else None

    @property
    def tco2e(self):
        return self.tonnes(self.kg) if self.has_central else None

    @property
    def low(self):
        return self.tonnes(self.kg_low) if self.has_central else None

    @property
    def high(self):
        return self.tonnes(self.kg_high)

    @property
    def framework_tco2e(self):
        return self.tonnes(self.framework_kg)

    def as_json(self) -> dict:
        """Strict JSON (no NaN): null with the reason where nothing can be said."""
        return {
            "value": self.tco2e,
            "low": self.low,
            "high": self.high,
            "unit": "tCO2e",
            "coverage": self.coverage,
            "reason": self.reason,
            "euro_years": self.euro_years,
            "marches": self.marches,
            "marches_without_amount": self.marches_without_amount,
            "amount_eur": round(self.amount_eur, 2),
            "amount_with_factor_eur": round(self.amount_with_factor_eur, 2),
            "central_amount_eur": round(self.central_amount_eur, 2),
            "framework_agreements": {
                "amount_eur": round(self.framework_amount_eur, 2),
                "tco2e": self.framework_tco2e,
                "counted_in": ["high"],
                "note": FRAMEWORK_NOTE,
            },
            "subsequent_contracts": {
                "amount_eur": round(self.subsequent_amount_eur, 2),
                "counted_in": ["value", "low", "high"],
                "note": SUBSEQUENT_NOTE,
            },
            "method": METHOD_PATH,
        }


FRAMEWORK_ONLY = (
    "les seuls marchés de cette vue avec un ratio connu sont des accords-cadres, dont les "
    "montants maximums sont des plafonds et non des dépenses"
)
FRAMEWORK_NOTE = (
    "montants maximums des accords-cadres\u00a0: des plafonds, pas des dépenses\u00a0; hors de la "
    "valeur centrale et de la borne basse, comptés dans la borne haute seulement"
)
SUBSEQUENT_NOTE = (
    "marchés subséquents publiés comme tels (format 2019)\u00a0: des dépenses, comptées une "
    "fois\u00a0; au format 2022 ils ne se distinguent pas de leur accord-cadre (à vérifier)"
)


def _values(rows, width):
    """A VALUES list of `rows` as SQL text with placeholders, and its flat parameters."""
    one = "(" + ", ".join("?" for _ in range(width)) + ")"
    return ", ".join(one for _ in rows), [value for row in rows for value in row]


def sql(filters, in_force=None):
    """The query and its parameters: one row per (sector, framework, subsequent, euro year).

    The framework rule lives here and only here: `kg` and `kg_low` (central value, low bound)
    count no framework agreement, `kg_high` counts every marché, `framework_kg` is the framework
    agreements' part at the central ratio. All four are NULL for a sector without a ratio."""
    where, params = filters.where()
    in_force = reference.ratios() if in_force is None else in_force
    ranges = reference.year_ranges(in_force)
    mapping_sql, mapping_params = _values(reference.mapping(), 2)
    ratios_sql, ratios_params = _values(ranges, 6)
    text = f"""
        WITH grouped AS (
          SELECT substr(cpv, 1, {reference.longest_prefix()}) AS cpv_key,
                 coalesce(year, 9999) AS y, {_framework_sql()} AS framework,
                 {SUBSEQUENT_SQL} AS subsequent,
                 count(*) AS marches, count(amount) AS with_amount,
                 coalesce(sum(amount), 0) AS amount
          FROM contracts WHERE {where} AND {MARCHES}
          GROUP BY ALL
        ),
        mapping(prefix, sector) AS (VALUES {mapping_sql}),
        ratios(sector, first_year, last_year, kg, euro_year, u) AS (VALUES {ratios_sql}),
        matched AS (
          SELECT cpv_key, arg_max(sector, length(prefix)) AS sector
          FROM (SELECT DISTINCT cpv_key FROM grouped WHERE cpv_key IS NOT NULL)
          JOIN mapping ON starts_with(cpv_key, prefix)
          GROUP BY cpv_key
        ),
        priced AS (
          SELECT coalesce(m.sector, '') AS sector, g.framework, g.subsequent, r.euro_year,
                 g.marches, g.with_amount, g.amount, r.u,
                 g.amount * r.kg / 1000 AS kg_at_ratio,
                 -- A ceiling is not a spend: none in the central value nor the low bound.
                 CASE WHEN g.framework THEN 0 ELSE 1 END AS spend
          FROM grouped g
          LEFT JOIN matched m USING (cpv_key)
          LEFT JOIN ratios r ON r.sector = m.sector AND g.y BETWEEN r.first_year AND r.last_year
        )
        SELECT sector, framework, subsequent, euro_year,
               sum(marches) AS marches, sum(with_amount) AS with_amount,
               sum(amount) AS amount,
               sum(kg_at_ratio * spend) AS kg,
               sum(kg_at_ratio * spend * greatest(0, 1 - u)) AS kg_low,
               sum(kg_at_ratio * (1 + u)) AS kg_high,
               sum(kg_at_ratio * (1 - spend)) AS framework_kg
        FROM priced
        GROUP BY ALL
        ORDER BY sector, framework, subsequent, euro_year
    """  # noqa: S608 (every value is bound)
    return text, [*params, *mapping_params, *ratios_params]


def compute(filters) -> Estimate | None:
    """The estimate over the filtered marchés, or None when no store was imported."""
    in_force = reference.ratios()
    text, params = sql(filters, in_force)
    rows = store_query.fetch_dicts(text, params)
    if rows is None:
        return None
    return fold(rows, in_force)


def fold(rows, in_force) -> Estimate:
    """Add up the query's rows; no rule here beyond the sums (the query decides what counts)."""
    labels = reference.sector_labels()
    latest = {}
    for ratio in in_force:
        if ratio.known and (
            ratio.sector not in latest or ratio.euro_year > latest[ratio.sector].euro_year
        ):
            latest[ratio.sector] = ratio
    estimate, lines, years = Estimate(), {}, set()
    for row in rows:
        known = row["kg"] is not None
        framework_amount = row["amount"] if row["framework"] else 0.0
        estimate.marches += row["marches"]
        estimate.marches_without_amount += row["marches"] - row["with_amount"]
        estimate.amount_eur += row["amount"]
        estimate.framework_amount_eur += framework_amount
        if row["subsequent"]:
            estimate.subsequent_amount_eur += row["amount"]
        if known:
            estimate.amount_with_factor_eur += row["amount"]
            estimate.framework_with_factor_eur += framework_amount
            estimate.kg += row["kg"]
            estimate.kg_low += row["kg_low"]
            estimate.kg_high += row["kg_high"]
            estimate.framework_kg += row["framework_kg"]
            if row["amount"]:
                years.add(row["euro_year"])
        sector = row["sector"]
        if sector not in lines:
            label = labels.get(sector, "CPV absent ou sans correspondance")
            lines[sector] = SectorLine(sector, label, ratio=latest.get(sector))
        lines[sector].add(row["marches"], row["amount"], framework_amount, row["kg"],
                          row["kg_low"], row["kg_high"], row["framework_kg"])  # fmt: skip
    estimate.euro_years = sorted(year for year in years if year)
    estimate.sectors = _ordered(lines)
    return estimate


def _ordered(lines):
    return sorted(lines.values(), key=lambda line: (-(line.kg or 0), -line.amount_eur))


SUMMED = ("marches", "marches_without_amount", "amount_eur", "amount_with_factor_eur", "kg",
          "kg_low", "kg_high", "framework_amount_eur", "framework_with_factor_eur",
          "framework_kg", "subsequent_amount_eur")  # fmt: skip


def merge(estimates) -> Estimate | None:
    """One estimate over several disjoint sets of contracts (a body's SIRETs)."""
    estimates = [item for item in estimates if item is not None]
    if not estimates:
        return None
    total, lines, years = Estimate(), {}, set()
    for item in estimates:
        for name in SUMMED:
            setattr(total, name, getattr(total, name) + getattr(item, name))
        years.update(item.euro_years)
        for line in item.sectors:
            kept = lines.setdefault(
                line.sector, SectorLine(line.sector, line.label, ratio=line.ratio)
            )
            kept.add(line.marches, line.amount_eur, line.framework_amount_eur, line.kg,
                     line.kg_low, line.kg_high, line.framework_kg)  # fmt: skip
    total.euro_years = sorted(years)
    total.sectors = _ordered(lines)
    return total
