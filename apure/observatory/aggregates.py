"""Counts of social and environmental considerations, the building block of most indicators.

Three states per contract: yes, no, unknown. Shares are computed on the contracts whose state is
known (unknown is never counted as no), and the coverage (known / all) is always given beside.
Amount-based figures use marchés only: a concession's value is not comparable with a price.
"""

from . import segments, store_query

# One row per (key, kind, social state, environmental state): a small result that Python folds
# into the figures below. Far cheaper for DuckDB than one FILTER aggregate per figure.
CUBE_COLUMNS = """
    kind, social, environmental, source_format,
    count(*) AS n, coalesce(sum(amount), 0) AS amount, count(amount) AS n_amount,
    coalesce(count_if(social_clause), 0) AS social_clause,
    coalesce(count_if(social_criterion), 0) AS social_criterion,
    coalesce(count_if(social_reserved), 0) AS social_reserved,
    coalesce(count_if(env_clause), 0) AS env_clause,
    coalesce(count_if(env_criterion), 0) AS env_criterion
"""

DIMENSIONS = ("social", "environmental")
# A share computed on fewer known contracts says little (one contract gives 0 % or 100 %):
# below it, no share is given anywhere (pages, charts, map, exports, API: « n.d. » or null with
# the reason), and buyers are not ranked among peers. Every share goes through `known_share`.
MIN_KNOWN = 5
# Grouping on as many CPV digits as the longest segment prefix serves every segment.
CPV_GROUP_SQL = f"substr(cpv, 1, {segments.longest_prefix()})"
FINE_KEYS = ["year", CPV_GROUP_SQL]
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


def enough_known(known: int) -> bool:
    return known >= MIN_KNOWN


def known_share(numerator, denominator, known: int):
    """A share among known contracts, or None when fewer than MIN_KNOWN are known.

    `known` is the number of contracts whose state is known (the denominator of a count share;
    for a share in amount, the contracts behind the known amount)."""
    return ratio(numerator, denominator) if enough_known(known) else None


def withheld_reason(known: int) -> str | None:
    """Why a share is not given (French, for pages, exports and the API), or None."""
    if enough_known(known):
        return None
    counted = "1 contrat renseigné" if known == 1 else f"{known} contrats renseignés"
    if known == 0:
        counted = "aucun contrat renseigné"
    return f"échantillon insuffisant\u00a0: {counted}, il en faut au moins {MIN_KNOWN}"


def withheld_note(known_by_label: dict[str, int]) -> str | None:
    """One row note naming the shares not given and why, e.g. « part sociale n.d. (…) »."""
    parts = [
        f"{label} n.d. ({withheld_reason(known)})"
        for label, known in known_by_label.items()
        if not enough_known(known)
    ]
    return "\u00a0; ".join(parts).capitalize() if parts else None


def consideration_block(row: dict, dimension: str) -> dict:
    """yes / no / unknown counts, share among known, coverage, detail, amount shares."""
    yes, no, unknown = (row[f"{dimension}_{state}"] for state in ("yes", "no", "unknown"))
    known = yes + no
    block = {
        "yes": yes,
        "no": no,
        "unknown": unknown,
        "known": known,
        "share_yes": known_share(yes, known, known),
        # Coverage is about the data (known / all), not a share among known: always given.
        "coverage": ratio(known, yes + no + unknown),
        "enough_known": enough_known(known),
        "share_reason": withheld_reason(known),
        "clause": row[f"{dimension}_clause"],
        "criterion": row[f"{dimension}_criterion"],
        "yes_amount_eur": round(row[f"{dimension}_yes_amount"], 2),
        "known_amount_eur": round(row[f"{dimension}_known_amount"], 2),
        "share_yes_amount": known_share(
            row[f"{dimension}_yes_amount"], row[f"{dimension}_known_amount"], known
        ),
    }
    if dimension == "social":
        block["reserved"] = row["social_reserved"]
    for detail in ("clause", "criterion", "reserved"):
        if detail in block:
            block[f"share_{detail}"] = known_share(block[detail], known, known)
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


def _empty_raw():
    raw = dict.fromkeys(
        [*MERGED_TOTALS, "social_reserved"]
        + [
            f"{d}_{s}"
            for d in DIMENSIONS
            for s in ("yes", "no", "unknown", "clause", "criterion", "yes_amount", "known_amount")
        ],
        0,
    )
    return raw


def _fold(raw, row):
    """Add one cube row to the raw counters of its group."""
    is_marche = row["kind"] == "marche"
    raw["contracts"] += row["n"]
    if is_marche:
        raw["marches"] += row["n"]
        raw["amount_eur"] += row["amount"]
        raw["marches_with_amount"] += row["n_amount"]
    else:
        raw["concessions"] += row["n"]
        raw["concessions_amount_eur"] += row["amount"]
    for dimension, prefix in (("social", "social"), ("environmental", "env")):
        state = row[dimension] if row[dimension] in ("yes", "no") else "unknown"
        raw[f"{dimension}_{state}"] += row["n"]
        raw[f"{dimension}_clause"] += row[f"{prefix}_clause"]
        raw[f"{dimension}_criterion"] += row[f"{prefix}_criterion"]
        if is_marche and state == "yes":
            raw[f"{dimension}_yes_amount"] += row["amount"]
        if is_marche and state != "unknown":
            raw[f"{dimension}_known_amount"] += row["amount"]
    raw["social_reserved"] += row["social_reserved"]


def _cube(filters, key_sqls):
    where, params = filters.where()
    keys = ", ".join(f"{sql} AS k{index}" for index, sql in enumerate(key_sqls))
    sql = f"SELECT {keys}, {CUBE_COLUMNS} FROM contracts WHERE {where} GROUP BY ALL"  # noqa: S608
    return store_query.fetch_dicts(sql, params)


def grouped(filters, key_sql: str, key_name: str = "key") -> list[dict] | None:
    """Figures per value of a SQL expression, ordered by that value (None last).

    For one buyer, the year and CPV groupings come from a single finer grouping (few rows),
    so that a buyer page scans the store once for all of them.
    """
    if filters.buyer and key_sql in FINE_KEYS:
        rows = _cube(filters, FINE_KEYS)
        position = FINE_KEYS.index(key_sql)
    else:
        rows = _cube(filters, [key_sql])
        position = 0
    if rows is None:
        return None
    groups = {}
    for row in rows:
        _fold(groups.setdefault(row[f"k{position}"], _empty_raw()), row)
    ordered = sorted(groups, key=lambda key: (key is None, key if key is not None else 0))
    return [{key_name: key, **shape(groups[key])} for key in ordered]


def by_format(filters) -> list[dict] | None:
    """Contracts and unknown considerations per source format, from the same (cached) cube as
    the totals: explaining the coverage of a view costs no extra scan."""
    rows = _cube(filters, FINE_KEYS if filters.buyer else ["year"])
    if rows is None:
        return None
    formats = {}
    for row in rows:
        item = formats.setdefault(
            row["source_format"],
            {"format": row["source_format"], "contracts": 0, "social_unknown": 0,
             "environmental_unknown": 0},
        )  # fmt: skip
        item["contracts"] += row["n"]
        for dimension in DIMENSIONS:
            if row[dimension] not in ("yes", "no"):
                item[f"{dimension}_unknown"] += row["n"]
    return sorted(formats.values(), key=lambda item: (-item["contracts"], item["format"] or ""))


def totals(filters) -> dict | None:
    """Figures over all filtered contracts (folded from the per-year groups, one query)."""
    groups = grouped(filters, "year", "year")
    if groups is None:
        return None
    return merge(groups)


def merge(blocks: list[dict]) -> dict:
    """Sum several shaped blocks (e.g. the CPV groups of one segment) into one."""
    raw = _empty_raw()
    for block in blocks:
        for name in MERGED_TOTALS:
            raw[name] += block[name]
        for dimension in DIMENSIONS:
            for state in ("yes", "no", "unknown", "clause", "criterion"):
                raw[f"{dimension}_{state}"] += block[dimension][state]
            raw[f"{dimension}_yes_amount"] += block[dimension]["yes_amount_eur"]
            raw[f"{dimension}_known_amount"] += block[dimension]["known_amount_eur"]
        raw["social_reserved"] += block["social"]["reserved"]
    return shape(raw)
