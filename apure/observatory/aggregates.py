"""Counts of social and environmental considerations, the building block of most indicators.

Three states per contract: yes, no, unknown. Shares are computed on the contracts whose state is
known (unknown is never counted as no), and the coverage (known / all) is always given beside.
Amount-based figures use marchés only: a concession's value is not comparable with a price.
"""

from . import store_query

COUNT_COLUMNS = """
    count(*) AS contracts,
    count(*) FILTER (WHERE kind = 'marche') AS marches,
    count(*) FILTER (WHERE kind = 'concession') AS concessions,
    coalesce(sum(amount) FILTER (WHERE kind = 'marche'), 0) AS amount_eur,
    count(amount) FILTER (WHERE kind = 'marche') AS marches_with_amount,
    coalesce(sum(amount) FILTER (WHERE kind = 'concession'), 0) AS concessions_amount_eur,
    count(*) FILTER (WHERE social = 'yes') AS social_yes,
    count(*) FILTER (WHERE social = 'no') AS social_no,
    count(*) FILTER (WHERE social = 'unknown' OR social IS NULL) AS social_unknown,
    count(*) FILTER (WHERE social_clause) AS social_clause,
    count(*) FILTER (WHERE social_criterion) AS social_criterion,
    count(*) FILTER (WHERE social_reserved) AS social_reserved,
    coalesce(sum(amount) FILTER (WHERE kind = 'marche' AND social = 'yes'), 0)
        AS social_yes_amount,
    coalesce(sum(amount) FILTER (WHERE kind = 'marche' AND social IN ('yes', 'no')), 0)
        AS social_known_amount,
    count(*) FILTER (WHERE environmental = 'yes') AS environmental_yes,
    count(*) FILTER (WHERE environmental = 'no') AS environmental_no,
    count(*) FILTER (WHERE environmental = 'unknown' OR environmental IS NULL)
        AS environmental_unknown,
    count(*) FILTER (WHERE env_clause) AS environmental_clause,
    count(*) FILTER (WHERE env_criterion) AS environmental_criterion,
    coalesce(sum(amount) FILTER (WHERE kind = 'marche' AND environmental = 'yes'), 0)
        AS environmental_yes_amount,
    coalesce(sum(amount) FILTER (WHERE kind = 'marche' AND environmental IN ('yes', 'no')), 0)
        AS environmental_known_amount
"""

DIMENSIONS = ("social", "environmental")
MERGED_TOTALS = (
    "contracts",
    "marches",
    "concessions",
    "amount_eur",
    "marches_with_amount",
    "concessions_amount_eur",
)


def ratio(numerator, denominator):
    return round(numerator / denominator, 6) if denominator else None


def consideration_block(row: dict, dimension: str) -> dict:
    """yes / no / unknown counts, share among known, coverage, detail, amount shares."""
    yes, no, unknown = (row[f"{dimension}_{state}"] for state in ("yes", "no", "unknown"))
    known = yes + no
    block = {
        "yes": yes,
        "no": no,
        "unknown": unknown,
        "known": known,
        "share_yes": ratio(yes, known),
        "coverage": ratio(known, yes + no + unknown),
        "clause": row[f"{dimension}_clause"],
        "criterion": row[f"{dimension}_criterion"],
        "yes_amount_eur": round(row[f"{dimension}_yes_amount"], 2),
        "known_amount_eur": round(row[f"{dimension}_known_amount"], 2),
        "share_yes_amount": ratio(row[f"{dimension}_yes_amount"], row[f"{dimension}_known_amount"]),
    }
    if dimension == "social":
        block["reserved"] = row["social_reserved"]
    for detail in ("clause", "criterion", "reserved"):
        if detail in block:
            block[f"share_{detail}"] = ratio(block[detail], known)
    return block


def shape(row: dict) -> dict:
    return {
        "contracts": row["contracts"],
        "marches": row["marches"],
        "concessions": row["concessions"],
        "amount_eur": round(row["amount_eur"], 2),
        "marches_with_amount": row["marches_with_amount"],
        "concessions_amount_eur": round(row["concessions_amount_eur"], 2),
        "social": consideration_block(row, "social"),
        "environmental": consideration_block(row, "environmental"),
    }


def totals(filters, extra_where="", extra_params=()) -> dict | None:
    where, params = filters.where()
    sql = f"SELECT {COUNT_COLUMNS} FROM contracts WHERE {where} {extra_where}"  # noqa: S608 (values are bound)
    row = store_query.fetch_one(sql, [*params, *extra_params])
    return None if row is None else shape(row)


def grouped(filters, key_sql: str, key_name: str = "key") -> list[dict] | None:
    """Counts per value of a SQL expression, ordered by that value."""
    where, params = filters.where()
    sql = (
        f"SELECT {key_sql} AS {key_name}, {COUNT_COLUMNS} FROM contracts WHERE {where} "  # noqa: S608 (values are bound)
        f"GROUP BY 1 ORDER BY 1 NULLS LAST"
    )
    rows = store_query.fetch_dicts(sql, params)
    if rows is None:
        return None
    return [{key_name: row[key_name], **shape(row)} for row in rows]


def merge(blocks: list[dict]) -> dict:
    """Sum several shaped blocks (e.g. the CPV groups of one segment) into one."""
    raw = {}
    for block in blocks:
        for name in MERGED_TOTALS:
            raw[name] = raw.get(name, 0) + block[name]
        for dimension in DIMENSIONS:
            for state in ("yes", "no", "unknown", "clause", "criterion"):
                key = f"{dimension}_{state}"
                raw[key] = raw.get(key, 0) + block[dimension][state]
            raw[f"{dimension}_yes_amount"] = (
                raw.get(f"{dimension}_yes_amount", 0) + block[dimension]["yes_amount_eur"]
            )
            raw[f"{dimension}_known_amount"] = (
                raw.get(f"{dimension}_known_amount", 0) + block[dimension]["known_amount_eur"]
            )
        raw["social_reserved"] = raw.get("social_reserved", 0) + block["social"]["reserved"]
    if not blocks:
        raw = dict.fromkeys(
            [*MERGED_TOTALS, "social_reserved"]
            + [
                f"{d}_{s}"
                for d in DIMENSIONS
                for s in (
                    "yes",
                    "no",
                    "unknown",
                    "clause",
                    "criterion",
                    "yes_amount",
                    "known_amount",
                )
            ],
            0,
        )
    return shape(raw)
