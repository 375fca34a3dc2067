"""Synthetic analytical store for the observatory benchmark, with its ground truth.

The DECP importer lives on another branch, so this script writes the store's tables directly
(schema of docs/ANALYTICS_SCHEMA.md, DDL of tests/observatory/store_builder.py) and, while it
generates the rows, counts what `apure indicators --json` must find, in the format read by
bench/check_truth.py. Deterministic for a given --seed.

    .venv/bin/python bench/observatory_synth.py --contracts 1000000 \
        --out /work/bench-data/observatory/synth.duckdb \
        --truth /work/bench-data/observatory/truth.json
"""

import argparse
import json
import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.observatory.store_builder import CONTRACT_COLUMNS, SCHEMA  # noqa: E402

CPV = ["45000000", "45210000", "45261000", "45310000", "45233140", "45453000", "71000000",
       "71240000", "72000000", "48000000", "30200000", "15000000", "15800000", "55520000",
       "34100000", "34144900", "39100000", "90910000", "90500000", "77310000", "79000000",
       "80000000", "85000000", "09300000", "09100000", "33000000", "50000000", "60000000",
       "66000000", "22000000", "44000000", "92000000", "98000000"]  # fmt: skip
DEPARTEMENTS = [
    ("59", "32", 6),
    ("62", "32", 4),
    ("80", "32", 2),
    ("60", "32", 2),
    ("02", "32", 1.5),
    ("75", "11", 8),
    ("69", "84", 5),
    ("13", "93", 5),
    ("33", "75", 4),
    ("31", "76", 4),
    ("44", "52", 3),
    ("35", "53", 3),
    ("67", "44", 3),
    ("06", "93", 3),
    ("34", "76", 3),
    ("76", "28", 3),
    ("38", "84", 3),
    ("974", "04", 1),
    ("2A", "94", 0.5),
    ("971", "01", 0.5),
]
KINDS = [("commune", 50), ("epci", 15), ("departement", 5), ("region", 1), ("etat", 8),
         ("hopital", 8), ("autre", 10), (None, 3)]  # fmt: skip
PROCEDURES = [("Procédure adaptée", 62), ("Appel d'offres ouvert", 24),
              ("Appel d'offres restreint", 2), ("Procédure avec négociation", 4),
              ("Marché passé sans publicité ni mise en concurrence préalable", 7),
              ("Dialogue compétitif", 1)]  # fmt: skip
OBJECTS = [
    "Travaux de réhabilitation thermique du groupe scolaire",
    "Fourniture de repas pour la restauration scolaire",
    "Entretien des espaces verts",
    "Maintenance des installations de chauffage",
    "Nettoyage des locaux administratifs",
    "Acquisition de véhicules utilitaires",
    "Prestations de conseil en organisation",
    "Fourniture de matériel informatique",
    "Travaux de voirie",
    "Collecte des déchets",
]
YEARS = [(2019, 4), (2020, 5), (2021, 6), (2022, 8), (2023, 9), (2024, 12), (2025, 13),
         (2026, 9)]  # fmt: skip
LAST_DAY = date(2026, 10, 31)


def weighted(items):
    values, weights = zip(*[(item[:-1] if len(item) > 2 else item[0], item[-1]) for item in items],
                          strict=True)  # fmt: skip
    return values, weights


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--contracts", type=int, default=1_000_000)
    parser.add_argument("--buyers", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--out", required=True)
    parser.add_argument("--truth", required=True)
    parser.add_argument("--import-report", help="what an importer would report (check_truth)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()

    dept_values, dept_weights = weighted(DEPARTEMENTS)
    kind_values, kind_weights = weighted(KINDS)
    buyers = []
    for index in range(args.buyers):
        ((dept, region),) = rng.choices(dept_values, dept_weights)
        (kind,) = rng.choices(kind_values, kind_weights)
        siret = f"{200000000 + index * 7:09d}{index % 100000:05d}"
        buyers.append((siret, f"Acheteur synthétique {index}", kind, dept, region))
    proc_values, proc_weights = weighted(PROCEDURES)
    year_values, year_weights = weighted(YEARS)

    truth = Counter()
    by_year = Counter()
    amount_eur = 0.0
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_suffix(".building")
    temporary.unlink(missing_ok=True)
    connection = duckdb.connect(str(temporary))
    connection.execute(SCHEMA.replace("uid VARCHAR PRIMARY KEY", "uid VARCHAR"))
    chunk = 100_000
    for start in range(0, args.contracts, chunk):
        columns = {name: [] for name in CONTRACT_COLUMNS}
        for index in range(start, min(start + chunk, args.contracts)):
            siret, name, kind, bdept, bregion = buyers[
                int(rng.paretovariate(1.2) * 37) % len(buyers)
            ]
            (year,) = rng.choices(year_values, year_weights)
            day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            day = min(day, LAST_DAY)
            is_concession = rng.random() < 0.03
            cpv = rng.choice(CPV) if rng.random() > 0.02 else None
            amount = round(rng.lognormvariate(11.5, 1.4), 2) if rng.random() > 0.03 else None
            if rng.random() < 0.8:
                dept, region = bdept, bregion
            else:
                ((dept, region),) = rng.choices(dept_values, dept_weights)
            if year < 2024 or rng.random() < 0.1:
                social = environmental = "unknown"
                s_clause = s_crit = s_res = e_clause = e_crit = None
            else:
                social = "yes" if rng.random() < 0.27 else "no"
                environmental = "yes" if rng.random() < 0.42 else "no"
                s_clause = social == "yes" and rng.random() < 0.7
                s_crit = social == "yes" and (not s_clause or rng.random() < 0.3)
                s_res = social == "yes" and rng.random() < 0.05
                e_clause = environmental == "yes" and rng.random() < 0.6
                e_crit = environmental == "yes" and not e_clause
            real_year = day.year
            row = {
                "uid": f"{siret}/{real_year}-{index:07d}",
                "contract_id": f"{real_year}-{index:07d}",
                "kind": "concession" if is_concession else "marche",
                "buyer_siret": siret, "buyer_siren": siret[:9], "buyer_name": name,
                "buyer_kind": kind, "buyer_departement": bdept, "buyer_region": bregion,
                "object": rng.choice(OBJECTS), "cpv": cpv,
                "cpv_division": cpv[:2] if cpv else None,
                "nature": "Concession de service" if is_concession else "Marché",
                "procedure": rng.choices(proc_values, proc_weights)[0],
                "amount": amount, "initial_amount": amount,
                "duration_months": float(rng.choice([6, 12, 24, 36, 48])),
                "notification_date": day, "publication_date": day + timedelta(days=20),
                "year": real_year, "place_code": dept, "place_type": "Code département",
                "departement": dept, "region": region, "holders_count": 1,
                "social": social, "social_clause": s_clause, "social_criterion": s_crit,
                "social_reserved": s_res, "environmental": environmental,
                "env_clause": e_clause, "env_criterion": e_crit,
                "source_file": "synth-observatory.duckdb", "source_format": "synthetic",
                "record_index": index, "notes_count": 0, "is_test": False,
                "amount_published": amount, "last_publication": day + timedelta(days=20),
                "versions": 1,
            }  # fmt: skip
            for key, value in row.items():
                columns[key].append(value)
            truth["unique"] += 1
            by_year[str(real_year)] += 1
            truth["social"] += social == "yes"
            truth["environmental"] += environmental == "yes"
            truth["region_32"] += region == "32"
            if not is_concession and amount is not None:
                amount_eur += amount
        batch = pa.table(columns)  # noqa: F841 (read by DuckDB's replacement scan)
        connection.execute("INSERT INTO contracts SELECT * FROM batch")
        print(f"{start + len(columns['uid']):>9} rows", file=sys.stderr)
    # The schema declares uid unique: an index makes the contract page a point lookup.
    connection.execute("CREATE UNIQUE INDEX contracts_uid ON contracts (uid)")
    connection.execute(
        "INSERT INTO imports VALUES ('synthetic-1', now()::TIMESTAMP, now()::TIMESTAMP, 'ok', ?, "
        "?, ?, 0, 0, ?)",
        [json.dumps([{"path": "synth-observatory.duckdb", "format": "synthetic",
                      "records": args.contracts, "status": "ok", "error": None}]),
         args.contracts, args.contracts, time.perf_counter() - started],
    )  # fmt: skip
    connection.close()
    temporary.replace(out)
    result = {
        **truth, "exact_duplicates": 0, "republished": 0, "format": "2022",
        "by_year": dict(sorted(by_year.items())), "amount_eur": round(amount_eur, 2),
        "seed": args.seed,
    }  # fmt: skip
    Path(args.truth).write_text(json.dumps(result, indent=2))
    if args.import_report:
        Path(args.import_report).write_text(
            json.dumps({"contracts": truth["unique"], "duplicates": 0, "superseded": 0})
        )
    print(f"{args.contracts} contracts in {time.perf_counter() - started:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
