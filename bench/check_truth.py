#!/usr/bin/env python3
"""Compare apure's figures on a synthetic file with the file's ground truth.

    apure decp_import synth.json --json > import.json
    apure indicators --json > indicators.json
    python3 bench/check_truth.py truth.json import.json indicators.json

Exits 0 when every figure equals the truth, 1 otherwise, printing each difference.
The names it reads are those of the issues: import `contracts`, `duplicates`, `superseded`;
indicators `contracts`, `by_year` (year -> count, or year -> {"contracts": count}),
`social.yes`, `environmental.yes`, `amount_eur` (marchés only; relative tolerance 1e-6).
"""

import json
import sys


def read(path: str) -> dict:
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def main() -> int:
    truth, imp, ind = (read(path) for path in sys.argv[1:4])
    misses = []

    def same(name, got, want):
        if got != want:
            misses.append(f"{name}: got {got!r}, truth {want!r}")

    same("import.contracts", imp.get("contracts"), truth["unique"])
    same("import.duplicates", imp.get("duplicates"), truth["exact_duplicates"])
    same("import.superseded", imp.get("superseded"), truth["republished"])
    same("indicators.contracts", ind.get("contracts"), truth["unique"])
    by_year = {
        str(k): (v.get("contracts") if isinstance(v, dict) else v)
        for k, v in (ind.get("by_year") or {}).items()
    }
    same("indicators.by_year", by_year, truth["by_year"])
    if truth.get("format") == "2022":
        same("indicators.social.yes", (ind.get("social") or {}).get("yes"), truth["social"])
        same(
            "indicators.environmental.yes",
            (ind.get("environmental") or {}).get("yes"),
            truth["environmental"],
        )
    amount = ind.get("amount_eur")
    if amount is None or abs(amount - truth["amount_eur"]) > 1e-6 * truth["amount_eur"]:
        misses.append(f"indicators.amount_eur: got {amount!r}, truth {truth['amount_eur']!r}")
    for miss in misses:
        print(miss)
    print(
        f"{len(misses)} difference(s) with the truth" if misses else "all figures equal the truth"
    )
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
