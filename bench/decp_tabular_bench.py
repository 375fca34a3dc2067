#!/usr/bin/env python3
"""Benchmark of `apure decp_import` on a big decp.info-style CSV (one row per contract × holder).

    .venv/bin/python bench/decp_tabular_bench.py --store /work/bench-data/final/decp.duckdb \\
        --csv /work/bench-data/decpinfo-1m.csv

The CSV is written once from a store the JSON benchmark filled (bench/decp_bench.py: the
synthetic million), with decp.info's column names; its marchés are then imported into a fresh
data directory. Prints wall time and peak memory, and checks that the CSV import finds the
same marchés as the store it came from (count, amounts, considerations, years).
"""

import argparse
import json
import math
import os
import sys
import tempfile
from pathlib import Path

import duckdb
from decp_bench import run_import

EXPORT = """
COPY (
  SELECT c.uid AS uid, c.contract_id AS id, 'Marché' AS nature, c.object AS objet,
         c.cpv AS codeCPV, c.buyer_siret AS acheteur_id, c.buyer_name AS acheteur_nom,
         h.holder_id AS titulaire_id, h.id_type AS titulaire_typeIdentifiant,
         h.name AS titulaire_nom, c.amount AS montant, c.duration_months AS dureeMois,
         c.notification_date AS dateNotification, c.publication_date AS datePublicationDonnees,
         c.procedure AS procedure, c.place_code AS lieuExecution_code,
         c.place_type AS lieuExecution_typeCode,
         CASE c.social WHEN 'yes' THEN 'Clause sociale'
                       WHEN 'no' THEN 'Pas de considération sociale' END
             AS considerationsSociales,
         CASE c.environmental WHEN 'yes' THEN 'Clause environnementale'
                              WHEN 'no' THEN 'Pas de considération environnementale' END
             AS considerationsEnvironnementales,
         c.buyer_departement AS acheteur_departement_code, c.buyer_region AS acheteur_region_code
  FROM contracts c LEFT JOIN holders h USING (uid)
  WHERE c.kind = 'marche' AND c.amount IS NOT NULL
) TO '{path}' (HEADER)
"""

FIGURES = """
SELECT count(*), round(sum(amount), 2), count(*) FILTER (WHERE social = 'yes'),
       count(*) FILTER (WHERE environmental = 'yes')
FROM contracts WHERE kind = 'marche' AND amount IS NOT NULL
"""


def figures(db_path: Path) -> dict:
    con = duckdb.connect(str(db_path), read_only=True)
    count, amount, social, environmental = con.execute(FIGURES).fetchone()
    by_year = dict(
        con.execute(
            "SELECT year, count(*) FROM contracts WHERE kind = 'marche' AND amount IS NOT NULL "
            "GROUP BY year ORDER BY year"
        ).fetchall()
    )
    con.close()
    return {"marches": count, "amount": amount, "social_yes": social,
            "environmental_yes": environmental, "by_year": by_year}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="store filled by bench/decp_bench.py")
    parser.add_argument("--csv", default="/work/bench-data/decpinfo-1m.csv")
    args = parser.parse_args()
    csv_path, store = Path(args.csv), Path(args.store)
    if not csv_path.exists():
        con = duckdb.connect(str(store), read_only=True)
        con.execute(EXPORT.format(path=str(csv_path).replace("'", "''")))
        con.close()
    work = Path(tempfile.mkdtemp(prefix="decp-tabular-bench-"))
    env = dict(os.environ, APURE_DATA_DIR=str(work))
    returncode, output, wall, peak = run_import(csv_path, env)
    if returncode != 0:
        print(output.decode()[:2000])
        return returncode
    imported = json.loads(output)
    print(f"file: {csv_path} ({csv_path.stat().st_size / 1e6:.0f} MB), "
          f"{imported['records_read']} contracts read")  # fmt: skip
    print(f"wall time: {wall:.1f} s (import's own figure {imported['seconds']} s)")
    print(f"phases: {imported.get('timings')}")
    print(f"peak memory: {peak / 1e9:.2f} GB (process tree RSS)")
    expected, found = figures(store), figures(work / "decp.duckdb")
    # Sums of a million floats differ in the last cent with the order of addition.
    same_amount = math.isclose(found.pop("amount"), expected.pop("amount"), rel_tol=1e-12)
    if found != expected or not same_amount:
        print(f"DIFFERENT from the source store:\n  expected {expected}\n  found    {found}")
        return 1
    print(f"same marchés as the source store: {found['marches']} contracts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
