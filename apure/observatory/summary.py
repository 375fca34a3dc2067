"""The headline figures of a filtered set of contracts (command `indicators`, API, pages)."""

from . import aggregates


def compute(filters) -> dict | None:
    total = aggregates.totals(filters)
    if total is None:
        return None
    by_year = aggregates.grouped(filters, "year", "year")
    result = {
        "filters": filters.as_dict(),
        **total,
        "by_year": {
            str(item["year"]): {key: value for key, value in item.items() if key != "year"}
            for item in by_year
            if item["year"] is not None
        },
        "year_unknown": next((item["contracts"] for item in by_year if item["year"] is None), 0),
    }
    result["concessions"] = {
        "contracts": total["concessions"],
        "amount_eur": total["concessions_amount_eur"],
    }
    del result["concessions_amount_eur"]
    return result
