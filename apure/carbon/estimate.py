"""Carbon estimate of purchases: amount × monetary emission ratio of the contract's sector.

Computed in DuckDB over the analytical store for any `Filters` (the observatory's views, a
body's year in the SPASER report, the API, the command line). The contracts are first grouped
on (CPV prefix, year, framework agreement), a few thousand rows even for a million contracts;
only that small result is joined to the CPV → sector mapping (longest prefix wins) and to the
ratios, both passed as bound VALUES lists.

Amount rule, the observatory's own: only marchés count (a concession's value is not a price)
and only `amount`, which the pipeline leaves NULL when the published amount is negative,
non-finite or implausible (`apure.decp.values.amount_problem`, kept in `amount_published`);
`sum(amount)` of marchés, exactly as the observatory's totals (aggregates.CUBE_COLUMNS).
A sector without a ratio is « facteur inconnu »: its amount is left out of the estimate and
lowers the coverage, never counted as zero emissions.
"""

from dataclasses import dataclass, field

from apure.observatory import store_query

from . import reference

# What the observatory counts as an amount: marchés only (aggregates, contracts.top_buyers).
MARCHES = "kind = 'marche'"


# Framework agreements publish a maximum, not a spend: the store's column (2019 `nature`, 2022
# `techniques`); a contract whose record does not say is counted as a spend.
def _framework_sql() -> str:
    return f"coalesce({store_query.framework_sql()}, false)"


NO_SECTOR = ""  # CPV missing or matched by no prefix of the mapping
METHOD_PATH = "/observatoire/methode/carbone/"


@dataclass
class SectorLine:
    sector: str
    label: str
    marches: int
    amount_eur: float
    kg: float | None
    kg_low: float | None
    kg_high: float | None
    framework_amount_eur: float
    ratio: reference.Ratio | None

    @property
    def known(self) -> bool:
        return self.kg is not None


@dataclass
class Estimate:
    """Totals in kgCO2e; `tco2e`, `low`, `high` give tonnes. None when nothing is counted."""

    marches: int = 0
    marches_without_amount: int = 0
    amount_eur: float = 0.0
    amount_with_factor_eur: float = 0.0
    kg: float = 0.0
    kg_low: float = 0.0
    kg_high: float = 0.0
    framework_amount_eur: float = 0.0
    framework_kg: float = 0.0
    euro_years: list = field(default_factory=list)
    sectors: list = field(default_factory=list)

    @property
    def coverage(self) -> float | None:
        if not self.amount_eur:
            return None
        return round(self.amount_with_factor_eur / self.amount_eur, 4)

    @property
    def has_value(self) -> bool:
        return self.amount_with_factor_eur > 0

    @property
    def reason(self) -> str | None:
        """Why no estimate is given (French), or None."""
        if self.has_value:
            return None
        if not self.amount_eur:
            return "aucun marché avec un montant retenu dans cette vue"
        return "facteur inconnu pour tous les secteurs des marchés de cette vue"

    def tonnes(self, kg):
        return round(kg / 1000, 3) if self.has_value else None

    @property
    def tco2e(self):
        return self.tonnes(self.kg)

    @property
    def low(self):
        return self.tonnes(self.kg_low)

    @property
    def high(self):
        return self.tonnes(self.kg_high)

    @property
    def framework_tco2e(self):
        return self.tonnes(self.framework_kg)

    @property
    def unknown_factor_amount_eur(self) -> float:
        return round(self.amount_eur - self.amount_with_factor_eur, 2)

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
            "framework_agreements": {
                "amount_eur": round(self.framework_amount_eur, 2),
                "tco2e": self.framework_tco2e,
                "note": "montants maximums des accords-cadres : leur part est une borne haute",
            },
            "method": METHOD_PATH,
        }


def _values(rows, width):
    """A VALUES list of `rows` as SQL text with placeholders, and its flat parameters."""
    one = "(" + ", ".join("?" for _ in range(width)) + ")"
    return ", ".join(one for _ in rows), [value for row in rows for value in row]


def sql(filters, in_force=None):
    """The query and its parameters: one row per (sector, framework, euro year)."""
    where, params = filters.where()
    in_force = reference.ratios() if in_force is None else in_force
    ranges = reference.year_ranges(in_force)
    mapping_sql, mapping_params = _values(reference.mapping(), 2)
    ratios_sql, ratios_params = _values(ranges, 6)
    text = f"""
        WITH grouped AS (
          SELECT substr(cpv, 1, {reference.longest_prefix()}) AS cpv_key,
                 coalesce(year, 9999) AS y, {_framework_sql()} AS framework,
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
        )
        SELECT coalesce(m.sector, '') AS sector, g.framework, r.euro_year,
               sum(g.marches) AS marches, sum(g.with_amount) AS with_amount,
               sum(g.amount) AS amount,
               sum(g.amount * r.kg / 1000) AS kg,
               sum(g.amount * r.kg / 1000 * greatest(0, 1 - r.u)) AS kg_low,
               sum(g.amount * r.kg / 1000 * (1 + r.u)) AS kg_high
        FROM grouped g
        LEFT JOIN matched m USING (cpv_key)
        LEFT JOIN ratios r ON r.sector = m.sector AND g.y BETWEEN r.first_year AND r.last_year
        GROUP BY ALL
        ORDER BY sector, framework, euro_year
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
        estimate.marches += row["marches"]
        estimate.marches_without_amount += row["marches"] - row["with_amount"]
        estimate.amount_eur += row["amount"]
        if row["framework"]:
            estimate.framework_amount_eur += row["amount"]
        if known:
            estimate.amount_with_factor_eur += row["amount"]
            estimate.kg += row["kg"]
            estimate.kg_low += row["kg_low"]
            estimate.kg_high += row["kg_high"]
            if row["framework"]:
                estimate.framework_kg += row["kg"]
            if row["amount"]:
                years.add(row["euro_year"])
        sector = row["sector"]
        line = lines.get(sector)
        if line is None:
            label = labels.get(sector, "CPV absent ou sans correspondance")
            line = lines[sector] = SectorLine(sector, label, 0, 0.0, None, None, None, 0.0,
                                              latest.get(sector))  # fmt: skip
        line.marches += row["marches"]
        line.amount_eur += row["amount"]
        if row["framework"]:
            line.framework_amount_eur += row["amount"]
        if known:
            line.kg = (line.kg or 0) + row["kg"]
            line.kg_low = (line.kg_low or 0) + row["kg_low"]
            line.kg_high = (line.kg_high or 0) + row["kg_high"]
    estimate.euro_years = sorted(year for year in years if year)
    estimate.sectors = sorted(lines.values(), key=lambda line: (-(line.kg or 0), -line.amount_eur))
    return estimate


SUMMED = ("marches", "marches_without_amount", "amount_eur", "amount_with_factor_eur", "kg",
          "kg_low", "kg_high", "framework_amount_eur", "framework_kg")  # fmt: skip


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
            kept = lines.setdefault(line.sector, SectorLine(
                line.sector, line.label, 0, 0.0, None, None, None, 0.0, line.ratio))  # fmt: skip
            kept.marches += line.marches
            kept.amount_eur += line.amount_eur
            kept.framework_amount_eur += line.framework_amount_eur
            if line.known:
                kept.kg = (kept.kg or 0) + line.kg
                kept.kg_low = (kept.kg_low or 0) + line.kg_low
                kept.kg_high = (kept.kg_high or 0) + line.kg_high
    total.euro_years = sorted(years)
    total.sectors = sorted(lines.values(), key=lambda line: (-(line.kg or 0), -line.amount_eur))
    return total
