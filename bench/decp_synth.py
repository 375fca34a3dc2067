#!/usr/bin/env python3
"""Synthetic DECP data, in the 2022 regulatory format (schema 2.0.x), at any size.

For benchmarks and scale tests: real files are small; this one writes N contracts with
realistic shapes, a known share of defects, and a ground-truth file of what a correct
pipeline must find.

    python3 bench/decp_synth.py --contracts 1000000 --out decp.json --truth truth.json
    python3 bench/decp_synth.py --contracts 1000 --format 2019 --out decp-2019.json

Ground truth (--truth), over the whole file:
- records: every record written (marchés + concessions), duplicates included;
- exact_duplicates: records that repeat an earlier record byte for byte;
- republished: records that repeat an earlier record's key (buyer SIRET + id) with a
  later datePublicationDonnees and a longer `modifications` list (the newest wins);
- unique: distinct keys; `by_year` counts them by year of dateNotification / dateSignature;
- defects: counts of unique records carrying each injected defect (buyer SIRET with a bad
  check digit or length, CPV code malformed, montant missing, dateNotification malformed);
- social / environmental: unique records (format 2022 only) whose considerations include at
  least one value other than "Pas de considération ..."; per year as well;
- amount_eur: sum over unique marchés with a montant, taking the last modification's montant
  where one is given;
- region_32: unique records whose place of execution is a département of Hauts-de-France
  (INSEE region 32: 02, 59, 60, 62, 80).
Notification dates end on 2026-06-30 so that no date (publications included) lies in the
future of the data's time. Standard library only. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from datetime import date, timedelta

CPV = [  # (code, weight): a spread over the divisions seen in French contracts
    ("45000000", 8),
    ("45210000", 6),
    ("45261000", 3),
    ("45310000", 4),
    ("45330000", 3),
    ("45233140", 4),
    ("45453000", 3),
    ("71000000", 4),
    ("71240000", 2),
    ("72000000", 3),
    ("48000000", 2),
    ("30200000", 2),
    ("15000000", 3),
    ("15800000", 1),
    ("55520000", 2),
    ("34100000", 2),
    ("34144900", 1),
    ("39100000", 2),
    ("90910000", 3),
    ("90500000", 2),
    ("77310000", 2),
    ("79000000", 3),
    ("79340000", 1),
    ("80000000", 2),
    ("85000000", 1),
    ("09300000", 2),
    ("09100000", 1),
    ("33000000", 2),
    ("50000000", 2),
    ("60000000", 2),
    ("66000000", 1),
    ("22000000", 1),
    ("44000000", 1),
    ("92000000", 1),
    ("98000000", 1),
]
DEPARTMENTS = [
    "59",
    "62",
    "80",
    "60",
    "02",
    "75",
    "69",
    "13",
    "33",
    "31",
    "44",
    "35",
    "67",
    "06",
    "34",
    "76",
    "38",
    "974",
    "2A",
    "971",
]
DEPT_WEIGHTS = [6, 4, 2, 2, 1.5, 8, 5, 5, 4, 4, 3, 3, 3, 3, 3, 3, 3, 1, 0.5, 0.5]
HDF = {"59", "62", "80", "60", "02"}
PROCEDURES = [
    "Procédure adaptée",
    "Appel d'offres ouvert",
    "Appel d'offres restreint",
    "Procédure avec négociation",
    "Marché passé sans publicité ni mise en concurrence préalable",
    "Dialogue compétitif",
]
PROC_W = [62, 24, 2, 4, 7, 1]
CCAG = [
    "Travaux",
    "Maitrise d'œuvre",
    "Fournitures courantes et services",
    "Marchés industriels",
    "Prestations intellectuelles",
    "Techniques de l'information et de la communication",
    "Pas de CCAG",
]
SOCIAL = ["Clause sociale", "Critère social", "Marché réservé"]
ENV = ["Clause environnementale", "Critère environnemental"]
NO_SOCIAL, NO_ENV = "Pas de considération sociale", "Pas de considération environnementale"
OBJECTS = [
    "Travaux de réhabilitation thermique du groupe scolaire",
    "Fourniture de repas pour la restauration scolaire",
    "Entretien des espaces verts",
    "Maintenance des installations de chauffage",
    "Nettoyage des locaux administratifs",
    "Acquisition de véhicules électriques",
    "Fourniture de mobilier de bureau",
    "Prestations de conseil juridique",
    "Collecte et traitement des déchets",
    "Fourniture de matériel informatique",
    "Construction d'un gymnase",
    "Réfection de voirie",
    "Mission de maîtrise d'œuvre pour la rénovation de la mairie",
    "Fourniture d'électricité",
    "Transport scolaire",
    "Impression de documents",
]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def siret(rng: random.Random) -> str:
    """A 14-digit SIRET whose Luhn check holds."""
    while True:
        body = "".join(rng.choice("0123456789") for _ in range(13))
        for last in "0123456789":
            if luhn_ok(body + last):
                return body + last


def bad_siret(rng: random.Random) -> str:
    s = siret(rng)
    if rng.random() < 0.5:
        return s[:13]  # wrong length
    return s[:13] + str((int(s[13]) + 1) % 10)  # wrong check digit


LAST_DAY = date(2026, 6, 30)  # no date in the file lies after 2026-11-30, whatever the run's clock


def day(rng: random.Random, year: int) -> date:
    first = date(year, 1, 1)
    span = min((date(year, 12, 31) - first).days, (LAST_DAY - first).days) + 1
    return first + timedelta(days=rng.randrange(span))


class Generator:
    def __init__(self, seed: int, fmt: str, buyers: int):
        self.rng = random.Random(seed)
        self.fmt = fmt
        rng = self.rng
        self.buyers = [
            (siret(rng), rng.choices(DEPARTMENTS, DEPT_WEIGHTS)[0]) for _ in range(buyers)
        ]
        self.holders = [siret(rng) for _ in range(buyers * 4)]
        self.years = list(range(2019, 2027)) if fmt == "2019" else [2024, 2025, 2026]
        self.year_w = [1 + i for i in range(len(self.years))]

    def considerations(self) -> tuple[list[str], list[str]]:
        r = self.rng
        soc = [v for v, p in zip(SOCIAL, (0.11, 0.06, 0.015), strict=True) if r.random() < p] or [
            NO_SOCIAL
        ]
        env = [v for v, p in zip(ENV, (0.22, 0.17), strict=True) if r.random() < p] or [NO_ENV]
        return soc, env

    def marche(self, n: int) -> tuple[dict, dict]:
        r = self.rng
        buyer, dept = r.choice(self.buyers)
        year = r.choices(self.years, self.year_w)[0]
        notified = day(r, year)
        amount = round(min(max(r.lognormvariate(11.0, 1.6), 500.0), 80_000_000.0), 2)
        cpv = r.choices([c for c, _ in CPV], [w for _, w in CPV])[0]
        holders = r.sample(self.holders, r.choices([1, 2, 3], [85, 11, 4])[0])
        defects = []
        if r.random() < 0.01:
            buyer, defects = bad_siret(r), defects + ["buyer_siret"]
        if r.random() < 0.005:
            cpv, defects = cpv[:6], defects + ["cpv"]
        rec: dict = {"id": f"{year}{n:010d}"[:16], "acheteur": {"id": buyer}}
        if self.fmt == "2019":
            rec.update(
                {
                    "_type": "Marché",
                    "uid": buyer + rec["id"],
                    "nature": "Marché",
                    "objet": r.choice(OBJECTS),
                    "codeCPV": cpv,
                    "procedure": r.choices(PROCEDURES, PROC_W)[0],
                    "lieuExecution": {"code": dept, "typeCode": "Code département", "nom": ""},
                    "dureeMois": r.choice([6, 12, 24, 36, 48]),
                    "dateNotification": notified.isoformat(),
                    "datePublicationDonnees": (
                        notified + timedelta(days=r.randrange(1, 60))
                    ).isoformat(),
                    "montant": amount,
                    "formePrix": r.choice(["Ferme", "Révisable", "Ferme et actualisable"]),
                    "titulaires": [
                        {"typeIdentifiant": "SIRET", "id": h, "denominationSociale": "Entreprise"}
                        for h in holders
                    ],
                    "modifications": [],
                }
            )
        else:
            soc, env = self.considerations()
            rec.update(
                {
                    "nature": "Marché",
                    "objet": r.choice(OBJECTS),
                    "codeCPV": cpv,
                    "techniques": {
                        "technique": [r.choice(["Accord-cadre", "Sans objet", "Sans objet"])]
                    },
                    "modalitesExecution": {
                        "modaliteExecution": [
                            r.choice(["Bons de commande", "Sans objet", "Tranches"])
                        ]
                    },
                    "marcheInnovant": r.random() < 0.01,
                    "ccag": r.choice(CCAG),
                    "offresRecues": r.randint(1, 12),
                    "attributionAvance": r.random() < 0.2,
                    "typeGroupementOperateurs": "Pas de groupement",
                    "procedure": r.choices(PROCEDURES, PROC_W)[0],
                    "lieuExecution": {"code": dept, "typeCode": "Code département"},
                    "dureeMois": r.choice([6, 12, 24, 36, 48]),
                    "dateNotification": notified.isoformat(),
                    "datePublicationDonnees": (
                        notified + timedelta(days=r.randrange(1, 60))
                    ).isoformat(),
                    "montant": amount,
                    "typesPrix": {"typePrix": ["Définitif ferme"]},
                    "formePrix": r.choice(["Unitaire", "Forfaitaire", "Mixte"]),
                    "sousTraitanceDeclaree": r.random() < 0.1,
                    "titulaires": [
                        {"titulaire": {"typeIdentifiant": "SIRET", "id": h}} for h in holders
                    ],
                    "considerationsSociales": {"considerationSociale": soc},
                    "considerationsEnvironnementales": {"considerationEnvironnementale": env},
                }
            )
        if r.random() < 0.004:
            del rec["montant"]
            defects.append("montant_missing")
        if r.random() < 0.004:
            rec["dateNotification"] = notified.strftime("%d/%m/%Y")
            defects.append("date_format")
        meta = {"year": year, "dept": dept, "defects": defects}
        return rec, meta

    def concession(self, n: int) -> tuple[dict, dict]:
        r = self.rng
        buyer, dept = r.choice(self.buyers)
        year = r.choices(self.years, self.year_w)[0]
        signed = day(r, year)
        soc, env = self.considerations()
        rec = {
            "id": f"C{year}{n:09d}"[:16],
            "autoriteConcedante": {"id": buyer},
            "nature": r.choice(
                ["Concession de travaux", "Concession de service", "Concession de service public"]
            ),
            "objet": "Délégation de service public",
            "procedure": "Procédure négociée ouverte",
            "dureeMois": r.choice([60, 120, 240]),
            "dateSignature": signed.isoformat(),
            "datePublicationDonnees": (signed + timedelta(days=10)).isoformat(),
            "dateDebutExecution": (signed + timedelta(days=30)).isoformat(),
            "valeurGlobale": round(r.lognormvariate(14, 1.5), 2),
            "montantSubventionPublique": 0,
            "concessionnaires": [
                {"concessionnaire": {"typeIdentifiant": "SIRET", "id": r.choice(self.holders)}}
            ],
            "considerationsSociales": {"considerationSociale": soc},
            "considerationsEnvironnementales": {"considerationEnvironnementale": env},
        }
        return rec, {"year": year, "dept": dept, "defects": []}


STREAM_BLOCK = 2_000_000


class BlockWriter:
    """Writes the same document shape as `json.dump` of the whole file, one block at a time."""

    def __init__(self, path, fmt, rng):
        self.file = open(path, "w", encoding="utf-8")  # noqa: SIM115 (closed in close())
        self.fmt, self.rng, self.first = fmt, rng, True
        self.file.write('{"marches": {"marche": [' if fmt == "2022" else '{"marches": [')

    def write_marches(self, records):
        self.rng.shuffle(records)
        for record in records:
            self.file.write(("" if self.first else ", ") + json.dumps(record, ensure_ascii=False))
            self.first = False

    def close(self, concessions):
        if self.fmt == "2022":
            self.file.write('], "contrat-concession": ')
            json.dump(concessions, self.file, ensure_ascii=False)
            self.file.write("}}")
        else:
            self.file.write("]}")
        self.file.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contracts", type=int, default=10_000, help="unique contracts to write")
    ap.add_argument("--format", choices=["2022", "2019"], default="2022")
    ap.add_argument("--seed", type=int, default=85)
    ap.add_argument(
        "--buyers", type=int, default=0, help="distinct buyers (default: contracts/40, at least 50)"
    )
    ap.add_argument("--out", required=True)
    ap.add_argument("--truth")
    ap.add_argument(
        "--block",
        type=int,
        default=STREAM_BLOCK,
        help="beyond this many records, write them by shuffled blocks of this size (bounded "
        "memory, for 10 million contracts) instead of shuffling the whole file in memory",
    )
    a = ap.parse_args()
    gen = Generator(a.seed, a.format, a.buyers or max(50, a.contracts // 40))
    r = gen.rng
    marches, concessions = [], []
    # Small files keep their exact historical content (one shuffle of everything); big ones are
    # streamed by blocks, shuffled by their own generator so the records drawn stay the same.
    writer = (
        BlockWriter(a.out, a.format, random.Random(a.seed + 1)) if (a.contracts > a.block) else None
    )
    truth = Counter()
    by_year, soc_year, env_year, defects = Counter(), Counter(), Counter(), Counter()
    amount = 0.0
    for n in range(a.contracts):
        is_conc = a.format == "2022" and r.random() < 0.02
        rec, meta = (gen.concession if is_conc else gen.marche)(n)
        final = rec
        out = concessions if is_conc else marches
        out.append(rec)
        truth["records"] += 1
        if r.random() < 0.02:  # exact duplicate, as consolidated files often carry
            out.append(json.loads(json.dumps(rec)))
            truth["records"] += 1
            truth["exact_duplicates"] += 1
        # Republished after a modification.
        if not is_conc and "montant" in rec and r.random() < 0.03:
            final = json.loads(json.dumps(rec))
            new_amount = round(rec["montant"] * r.uniform(1.02, 1.15), 2)
            final["datePublicationDonnees"] = (
                date.fromisoformat(rec["datePublicationDonnees"]) + timedelta(days=90)
            ).isoformat()
            mod = {
                "id": 1,
                "dateNotificationModification": final["datePublicationDonnees"],
                "datePublicationDonneesModification": final["datePublicationDonnees"],
                "montant": new_amount,
            }
            final["modifications"] = (
                [{"modification": mod}]
                if a.format == "2022"
                else [
                    {
                        "objetModification": "Avenant",
                        "dateSignatureModification": mod["dateNotificationModification"],
                        "datePublicationDonneesModification": mod[
                            "datePublicationDonneesModification"
                        ],
                        "montant": new_amount,
                    }
                ]
            )
            out.append(final)
            truth["records"] += 1
            truth["republished"] += 1
        truth["unique"] += 1
        by_year[meta["year"]] += 1
        for d in meta["defects"]:
            defects[d] += 1
        if meta["dept"] in HDF:
            truth["region_32"] += 1
        if a.format == "2022":
            soc = final["considerationsSociales"]["considerationSociale"]
            env = final["considerationsEnvironnementales"]["considerationEnvironnementale"]
            if soc != [NO_SOCIAL]:
                truth["social"] += 1
                soc_year[meta["year"]] += 1
            if env != [NO_ENV]:
                truth["environmental"] += 1
                env_year[meta["year"]] += 1
        if not is_conc and "montant" in final:
            mods = final.get("modifications", [])
            last = (mods[-1]["modification"] if a.format == "2022" else mods[-1]) if mods else None
            amount += last["montant"] if last and "montant" in last else final["montant"]
        if writer and len(marches) >= a.block:
            writer.write_marches(marches)
            marches.clear()
    if writer:
        writer.write_marches(marches)
        writer.close(concessions)
    else:
        r.shuffle(marches)
        doc = (
            {"marches": {"marche": marches, "contrat-concession": concessions}}
            if a.format == "2022"
            else {"marches": marches}
        )
        with open(a.out, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
    if a.truth:
        result = dict(
            truth,
            by_year={str(k): v for k, v in sorted(by_year.items())},
            social_by_year={str(k): v for k, v in sorted(soc_year.items())},
            environmental_by_year={str(k): v for k, v in sorted(env_year.items())},
            defects=dict(defects),
            amount_eur=round(amount, 2),
            format=a.format,
            seed=a.seed,
        )
        with open(a.truth, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1, ensure_ascii=False)


if __name__ == "__main__":
    main()
