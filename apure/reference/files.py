"""Paths of the reference data files shipped in the package (see data/PROVENANCE.md)."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

CPV_2008 = DATA_DIR / "cpv" / "cpv_2008_main_fr_en.csv"
REGIONS = DATA_DIR / "cog" / "regions.csv"
DEPARTEMENTS = DATA_DIR / "cog" / "departements.csv"
COMMUNES = DATA_DIR / "cog" / "communes.csv"
EPCI = DATA_DIR / "cog" / "epci_ept.csv"
COMMUNE_CENTRES = DATA_DIR / "cog" / "centres_communes.csv"
EPCI_MEMBERS = DATA_DIR / "cog" / "epci_ept_membres.csv"
LEGAL_FORMS = [
    DATA_DIR / "sirene" / f"categories_juridiques_niveau{level}.csv" for level in (1, 2, 3)
]
LOCAL_BODIES = DATA_DIR / "acheteurs" / "collectivites_locales_siren.csv"

# Zones of the COG files kept by apure: métropole and DROM (the COM are outside the DECP scope).
KEPT_ZONES = {"metro", "drom"}
