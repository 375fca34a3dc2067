"""The fixed list of clause themes (codes used in the library files)."""

THEMES = {
    "insertion": "Insertion professionnelle",
    "handicap": "Handicap",
    "ess": "Économie sociale et solidaire",
    "climat": "Climat et énergie",
    "economie-circulaire": "Économie circulaire et réemploi",
    "biodiversite": "Biodiversité",
    "eau": "Eau",
    "alimentation": "Alimentation durable",
    "cout-du-cycle-de-vie": "Coût du cycle de vie",
    "sobriete-numerique": "Sobriété numérique",
}


def ensure_themes():
    from .models import Theme

    for position, (code, label) in enumerate(THEMES.items()):
        Theme.objects.update_or_create(code=code, defaults={"label": label, "position": position})
