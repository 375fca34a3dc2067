"""Demo step for the working-group workspaces and the members' directory: a few example buyers,
a question answered and made public, two documents in two versions (public minutes, a working
document for the group's members only). Dates are relative to today, so the demo never ages.
Idempotent."""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from apure.clauses.models import Segment, Theme
from apure.organisations.demo import DEMO_FACILITATOR_EMAIL, DEMO_FACILITATOR_PASSWORD
from apure.organisations.models import Organisation, User

from .models import (
    DirectoryListing,
    DocumentKind,
    DocumentVersion,
    DocumentVisibility,
    Event,
    GroupDocument,
    Reply,
    Thread,
    WorkingGroup,
)
from .pdf import simple_pdf
from .textextract import extract_text

# (e-mail, first name, last name, job, body slug, groups, segments followed)
BUYERS = [
    (
        "acheteuse.nord@apure.localhost", "Claire", "Dumont (exemple)",
        "Acheteuse informatique", "departement-du-nord", ["reemploi", "acv"],
        ["materiel-informatique", "services-numeriques"],
    ),
    (
        "acheteur.mel@apure.localhost", "Yanis", "Lefebvre (exemple)",
        "Responsable de la commande publique", "mel", ["reemploi"],
        ["mobilier", "reemploi-materiaux", "deconstruction"],
    ),
    (
        "acheteuse.region@apure.localhost", "Inès", "Carpentier (exemple)",
        "Chargée d'achats responsables", "region-hdf", ["reemploi", "politiques-publiques"],
        ["materiel-informatique", "restauration-collective"],
    ),
]  # fmt: skip

QUESTION = (
    "Mobilier de réemploi\u00a0: un lot réservé ou une variante\u00a0?",
    "Nous renouvelons le mobilier de trois écoles. Faut-il un **lot réservé** au réemploi ou "
    "une variante autorisée dans un lot unique\u00a0?",
)
ANSWERS = [
    (
        "acheteur.mel@apure.localhost",
        "Nous avons fait un lot séparé, *réservé aux structures de l'ESS* (article L2113-13 "
        "du code de la commande publique), avec un sourcing de deux mois avant\u00a0: trois "
        "offres reçues, toutes conformes.",
    ),
    (
        "acheteuse.region@apure.localhost",
        "La variante marche aussi, mais prévoyez un critère de coût global pour comparer.",
    ),
]


def _user(email, first_name, last_name, job, body_slug):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "job_title": job,
            "organisation": Organisation.objects.filter(slug=body_slug).first(),
        },
    )
    if created:
        user.set_password(DEMO_FACILITATOR_PASSWORD)
        user.save()
    return user


def load_buyers():
    buyers = {}
    for email, first, last, job, body, groups, segments in BUYERS:
        user = _user(email, first, last, job, body)
        for group in WorkingGroup.objects.filter(slug__in=groups):
            group.members.add(user)
        listing, _ = DirectoryListing.objects.get_or_create(user=user)
        listing.segments.set(Segment.objects.filter(code__in=segments))
        buyers[email] = user
    return buyers


def load_thread(buyers):
    group = WorkingGroup.objects.filter(slug="reemploi").first()
    # The question loaded before its title took its non-breaking spaces is the same one.
    if not Thread.objects.filter(title=QUESTION[0]).exists():
        old_title = QUESTION[0].replace("\u00a0", " ")
        Thread.objects.filter(title=old_title).update(title=QUESTION[0], body=QUESTION[1])
    if group is None or Thread.objects.filter(title=QUESTION[0]).exists():
        return
    now = timezone.now()
    asker = buyers["acheteuse.nord@apure.localhost"]
    thread = Thread.objects.create(
        group=group,
        author=asker,
        title=QUESTION[0],
        body=QUESTION[1],
        created_at=now - timedelta(days=5),
        last_activity_at=now - timedelta(days=3),
    )
    thread.segments.set(Segment.objects.filter(code__in=["mobilier", "reemploi-materiaux"]))
    thread.themes.set(Theme.objects.filter(code__in=["economie-circulaire", "ess"]))
    replies = [
        Reply.objects.create(
            thread=thread, author=buyers[email], body=body, created_at=now - timedelta(days=4 - i)
        )
        for i, (email, body) in enumerate(ANSWERS)
    ]
    thread.best_reply = replies[0]
    thread.made_public_at = now - timedelta(days=2)
    thread.made_public_by = User.objects.filter(email=DEMO_FACILITATOR_EMAIL).first()
    thread.save()


# (title, kind, visibility, lines of the example file): one public minutes, one working
# document for the group's members only (a search by a visitor never finds it).
DOCUMENTS = [
    (
        "Compte rendu de la réunion du groupe (exemple)",
        DocumentKind.MINUTES,
        DocumentVisibility.PUBLIC,
        [
            "Document d'exemple pour la démonstration.",
            "Mobilier de réemploi\u00a0: lot réservé ou variante, retours des membres.",
            "Sourcing de deux mois auprès des ressourceries de la région.",
        ],
    ),
    (
        "Grille de sourcing des ressourceries (exemple)",
        DocumentKind.WORKING,
        DocumentVisibility.GROUP,
        [
            "Document d'exemple réservé aux membres du groupe.",
            "Capacités des ressourceries\u00a0: chaises, bureaux, armoires reconditionnés.",
        ],
    ),
]


def load_document(buyers):
    group = WorkingGroup.objects.filter(slug="reemploi").first()
    if group is None:
        return
    author = buyers["acheteur.mel@apure.localhost"]
    for title, kind, visibility, lines in DOCUMENTS:
        if GroupDocument.objects.filter(title=title).exists():
            continue
        document = GroupDocument.objects.create(
            group=group,
            title=title,
            kind=kind,
            visibility=visibility,
            event=Event.objects.past().with_theme(group).first()
            if kind == DocumentKind.MINUTES
            else None,
            created_by=author,
        )
        for number, note in ((1, "Première rédaction"), (2, "Relu par les participants")):
            pdf = simple_pdf(f"{title} — v{number}", lines)
            version = DocumentVersion(
                document=document,
                number=number,
                file_format="pdf",
                note=note,
                text=extract_text(io.BytesIO(pdf), "pdf"),
                uploaded_by=author,
            )
            version.file.save(f"document-v{number}.pdf", ContentFile(pdf), save=False)
            version.save()


def load(out):
    buyers = load_buyers()
    load_thread(buyers)
    load_document(buyers)
    out(
        f"Espaces de groupe\u00a0: {Thread.objects.count()} question(s), "
        f"{GroupDocument.objects.count()} document(s)\u00a0; annuaire\u00a0: "
        f"{DirectoryListing.objects.count()} fiche(s)\u00a0; comptes d'acheteurs d'exemple "
        f"({', '.join(buyers)}) / {DEMO_FACILITATOR_PASSWORD}"
    )
