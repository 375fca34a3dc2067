"""Example content that reads like the real network, every item tagged "Exemple".

Facts (relaunch of 24 February 2022 in Dunkerque, yearly meeting of 12 December 2024 at
Arenberg) come from the network's public history; all texts are written for the demo.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from apure.organisations.models import Organisation
from apure.reference.models import CpvCode

from . import demo_workspaces, search_index
from .models import Event, News, Resource, Status, WorkingGroup
from .pdf import simple_pdf

PARIS = ZoneInfo("Europe/Paris")
NOTE = "\n\n*Contenu d'exemple rédigé pour la démonstration de la plateforme.*"

GROUPS = [
    (
        "acv",
        "ACV",
        "Analyse du cycle de vie (ACV)",
        "Raisonner en coût global et en impacts sur tout le cycle de vie d'un achat\u00a0: "
        "fabrication, transport, usage, fin de vie. Le groupe partage des méthodes simples pour "
        "intégrer l'ACV aux critères d'attribution.",
    ),
    (
        "reemploi",
        "Réemploi",
        "Réemploi et économie circulaire",
        "Acheter du réemploi, du reconditionné et des matières recyclées (loi AGEC, article "
        "58)\u00a0; donner une seconde vie aux matériaux des chantiers de réhabilitation.",
    ),
    (
        "politiques-publiques",
        "Politiques publiques",
        "Croisement des politiques publiques",
        "Mettre l'achat au service des politiques d'insertion, de santé, d'alimentation et de "
        "transition du territoire\u00a0: SPASER, plans climat, projets alimentaires territoriaux.",
    ),
    (
        "organisations",
        "Organisations",
        "Adaptation des organisations",
        "Faire évoluer les services acheteurs\u00a0: gouvernance, formation des prescripteurs, "
        "outils de suivi des clauses et dialogue avec les entreprises.",
    ),
]


@dataclass(frozen=True)
class DaysAhead:
    """A time some days after the demo is loaded: upcoming demo events never fall in the past
    (nor beyond the events' bounds) however late the demo is run."""

    days: int
    hour: int
    minute: int = 0

    def naive(self):
        day = timezone.localdate() + timedelta(days=self.days)
        return datetime.combine(day, time(self.hour, self.minute))


def days_ago(days, hour=9):
    """A publication date some days before the demo is loaded: the latest news stay recent."""
    return DaysAhead(-days, hour)


def _when(value):
    return value.naive() if isinstance(value, DaysAhead) else value


NEWS = [
    (
        "acv",
        "cerdd",
        days_ago(270),
        "Un premier atelier pour calculer le coût global d'un achat de véhicules",
        "Six acheteurs du réseau ont comparé coût d'acquisition et coût sur dix ans de leurs "
        "flottes\u00a0: l'énergie et l'entretien pèsent plus que le prix d'achat.",
        "L'atelier a réuni des acheteurs de collectivités et de l'État autour d'un tableur de "
        "coût global.\n\n## Ce que l'on retient\n\n- comparer les offres sur la durée "
        "d'usage\u00a0;\n- demander aux candidats les consommations réelles\u00a0;\n- prévoir la "
        "reprise en fin de vie.",
    ),
    (
        "reemploi",
        "cd2e",
        days_ago(200),
        "Réemploi dans le bâtiment\u00a0: trois chantiers de réhabilitation ouverts à la visite",
        "Le groupe Réemploi organise des visites de chantiers où portes, faux planchers et "
        "sanitaires ont été déposés puis réemployés.",
        "Les visites montrent comment le diagnostic PEMD prépare la dépose soignée des matériaux "
        "et comment le cahier des charges autorise les matériaux de réemploi.",
    ),
    (
        "politiques-publiques",
        "cud",
        days_ago(160),
        "SPASER\u00a0: comment relier le schéma d'achat au plan climat du territoire",
        "Retour sur l'échange entre acheteurs et chargés de mission climat\u00a0: des objectifs "
        "communs et des indicateurs suivis ensemble.",
        "Un SPASER gagne à reprendre les objectifs du plan climat-air-énergie territorial et à "
        "les traduire en segments d'achat prioritaires.",
    ),
    (
        "organisations",
        "mel",
        days_ago(83),
        "Former les prescripteurs\u00a0: un parcours en quatre demi-journées",
        "Le groupe Organisations propose un parcours de formation pour les services qui "
        "rédigent les besoins, pas seulement pour les acheteurs.",
        "Les clauses sociales et environnementales se décident dès l'expression du besoin\u00a0: "
        "le parcours s'adresse aux services techniques et aux élus.",
    ),
    (
        "reemploi",
        "cerdd",
        days_ago(60),
        "Mobilier de réemploi\u00a0: un groupement de commandes à l'étude",
        "Plusieurs membres envisagent un achat groupé de mobilier de bureau reconditionné "
        "pour l'an prochain.",
        "Le groupe recense les besoins des membres intéressés et les acteurs régionaux du "
        "reconditionnement.",
    ),
]


EVENTS = [
    (
        "relance-apure-dunkerque-2022",
        "Rencontre de relance du réseau APuRe à Dunkerque",
        datetime(2022, 2, 24, 9, 30),
        datetime(2022, 2, 24, 16, 30),
        "Dunkerque (Nord)",
        "cud",
        ["politiques-publiques", "organisations"],
        None,
        "Après le ralentissement dû à la crise sanitaire, le Cerdd et la Communauté urbaine de "
        "Dunkerque relancent le réseau des acheteurs publics responsables avec onze partenaires "
        "fondateurs.",
    ),
    (
        "rencontre-annuelle-2024-arenberg",
        "Rencontre annuelle 2024 du réseau à Arenberg",
        datetime(2024, 12, 12, 9, 30),
        datetime(2024, 12, 12, 16, 30),
        "Arenberg Creative Mine, Wallers (Nord)",
        "cerdd",
        ["acv", "reemploi", "politiques-publiques", "organisations"],
        None,
        "La rencontre annuelle a réuni plus de quatre-vingts professionnels de l'achat public "
        "autour des retours d'expérience des membres.",
    ),
    (
        "webinaire-acv-cout-global",
        "Webinaire\u00a0: intégrer l'analyse du cycle de vie dans un critère d'attribution",
        DaysAhead(45, 11, 0),
        DaysAhead(45, 12, 30),
        "",
        "cerdd",
        ["acv"],
        100,
        "Une heure et demie pour voir, exemples à l'appui, comment noter les offres sur leur coût "
        "global et leurs impacts environnementaux sans alourdir l'analyse.",
    ),
    (
        "rencontre-annuelle-du-reseau",
        "Rencontre annuelle du réseau APuRe",
        DaysAhead(180, 9, 30),
        DaysAhead(180, 16, 30),
        "Base 11/19, Loos-en-Gohelle (Pas-de-Calais)",
        "cd2e",
        ["acv", "reemploi", "politiques-publiques", "organisations"],
        120,
        "La rencontre de l'année\u00a0: bilan des groupes de travail, indicateurs régionaux de "
        "l'observatoire et ateliers sur le réemploi et les SPASER.",
    ),
]

# (slug, title, kind, theme, author, territory, cpv, link or None, event slug or None, summary)
RESOURCES = [
    (
        "guide-cout-global",
        "Guide pratique\u00a0: le coût global dans les marchés de fournitures",
        "guide",
        "acv",
        "cerdd",
        "hdf",
        ["34100000"],
        None,
        None,
        "Une méthode pas à pas pour comparer les offres sur leur coût d'usage et de fin de vie.",
    ),
    (
        "outil-calcul-acv",
        "Tableur de comparaison des impacts sur le cycle de vie",
        "tool",
        "acv",
        "cd2e",
        "hdf",
        ["30200000"],
        None,
        None,
        "Un modèle de tableur pour noter les offres de matériel informatique sur leur cycle "
        "de vie.",
    ),
    (
        "la-clause-verte",
        "La Clause Verte\u00a0: bibliothèque de clauses environnementales",
        "clause",
        "reemploi",
        "cd2e",
        "national",
        ["45000000"],
        "https://www.laclauseverte.fr/",
        None,
        "Une bibliothèque en ligne et gratuite de clauses environnementales prêtes à l'emploi, "
        "vérifiées juridiquement.",
    ),
    (
        "retour-experience-reemploi-ecole",
        "Retour d'expérience\u00a0: réemploi de matériaux dans la réhabilitation d'une école",
        "feedback",
        "reemploi",
        "lille",
        "59",
        ["45454000"],
        None,
        None,
        "Comment le diagnostic PEMD et un lot dédié ont permis de réemployer portes et sanitaires.",
    ),
    (
        "deliberation-spaser-exemple",
        "Délibération type d'adoption d'un SPASER",
        "deliberation",
        "politiques-publiques",
        "departement-du-nord",
        "59",
        [],
        None,
        None,
        "Un modèle de délibération pour adopter un schéma de promotion des achats responsables.",
    ),
    (
        "spaser-objectifs-climat",
        "SPASER\u00a0: exemple d'objectifs reliés au plan climat",
        "spaser",
        "politiques-publiques",
        "cud",
        "59",
        [],
        None,
        None,
        "Des objectifs chiffrés et des indicateurs annuels, repris du plan climat du territoire.",
    ),
    (
        "etude-organisation-achat",
        "Étude\u00a0: l'organisation de la fonction achat dans les collectivités des "
        "Hauts-de-France",
        "study",
        "organisations",
        "cerdd",
        "hdf",
        [],
        None,
        None,
        "Une synthèse des organisations observées, de la centralisation complète aux "
        "réseaux de référents.",
    ),
    (
        "compte-rendu-relance-2022",
        "Compte rendu de la rencontre de relance (Dunkerque, 24 février 2022)",
        "feedback",
        "organisations",
        "cerdd",
        "hdf",
        [],
        None,
        "relance-apure-dunkerque-2022",
        "Les échanges de la journée et la feuille de route du réseau relancé.",
    ),
    (
        "supports-rencontre-2024",
        "Supports de la rencontre annuelle 2024",
        "guide",
        "reemploi",
        "cd2e",
        "hdf",
        [],
        None,
        "rencontre-annuelle-2024-arenberg",
        "Les présentations projetées lors de la rencontre annuelle d'Arenberg.",
    ),
]


def _paris(value):
    return value.replace(tzinfo=PARIS)


def _organisation(slug):
    return Organisation.objects.filter(slug=slug).first()


def load_groups():
    groups = {}
    for position, (slug, short, name, description) in enumerate(GROUPS):
        group, _ = WorkingGroup.objects.update_or_create(
            slug=slug,
            defaults={
                "short_name": short,
                "name": name,
                "description": description,
                "position": position,
            },
        )
        groups[slug] = group
    return groups


def load_news(groups):
    for theme, author, published, title, summary, body in NEWS:
        # News are found by their title: an example loaded before the titles took their
        # non-breaking space is renamed, not published a second time.
        if not News.objects.filter(title=title).exists():
            old_title = title.replace("\u00a0", " ")
            News.objects.filter(title=old_title, is_example=True).update(title=title)
        news, _ = News.objects.update_or_create(
            title=title,
            defaults={
                "summary": summary,
                "body": body + NOTE,
                "author_organisation": _organisation(author),
                "status": Status.PUBLISHED,
                "published_at": _paris(_when(published)),
                "is_example": True,
            },
        )
        news.themes.set([groups[theme]])


def load_events(groups):
    events = {}
    for slug, title, starts, ends, place, author, themes, capacity, text in EVENTS:
        event, _ = Event.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "starts_at": _paris(_when(starts)),
                "ends_at": _paris(_when(ends)),
                "place": place,
                "online_url": "" if place else "https://visio.example.org/apure-acv",
                "description": text + NOTE,
                "capacity": capacity,
                "author_organisation": _organisation(author),
                "status": Status.PUBLISHED,
                "published_at": _paris(datetime(2022, 1, 15, 9, 0)),
                "is_example": True,
            },
        )
        event.themes.set([groups[theme] for theme in themes])
        events[slug] = event
    return events


def load_resources(groups, events):
    for slug, title, kind, theme, author, territory, cpv, url, event, summary in RESOURCES:
        resource, created = Resource.objects.update_or_create(
            slug=slug,
            defaults={
                "title": title,
                "kind": kind,
                "summary": summary + NOTE,
                "url": url or "",
                "territory": territory,
                "author_organisation": _organisation(author),
                "event": events.get(event),
                "status": Status.PUBLISHED,
                "published_at": _paris(_when(days_ago(250))),
                "is_example": True,
            },
        )
        if url is None and not resource.file:
            document = simple_pdf(
                f"{title} (exemple)",
                [
                    summary,
                    "Document d'exemple généré pour la démonstration de la plateforme apure.",
                ],
            )
            resource.file.save(f"{slug}.pdf", ContentFile(document), save=False)
            resource.file_format = "pdf"
            resource.save()
        resource.themes.set([groups[theme]])
        resource.segments.set(CpvCode.objects.filter(code__in=cpv))


def load(out):
    groups = load_groups()
    load_news(groups)
    events = load_events(groups)
    load_resources(groups, events)
    demo_workspaces.load(out)
    search_index.reindex()
    out(
        f"Groupes de travail\u00a0: {WorkingGroup.objects.count()}\u00a0; actualités\u00a0: "
        f"{News.objects.count()}\u00a0; événements\u00a0: {Event.objects.count()}\u00a0; "
        f"ressources\u00a0: {Resource.objects.count()} (exemples)"
    )
