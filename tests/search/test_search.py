import pytest

from apure import search
from apure.organisations.models import Organisation
from apure.search.index import unregister
from tests.factories import OrganisationFactory


@pytest.fixture
def indexed_organisations(db):
    search.register(
        Organisation,
        document=lambda o: (o.name, o.description),
        is_public=lambda o: o.is_member,
    )
    yield
    unregister(Organisation)


def names(results):
    return [o.name for o in results]


def test_normalise_folds_accents_case_and_stems():
    assert search.normalise("Réhabilitation des ÉCOLES") == search.normalise(
        "rehabilitation des ecole"
    )
    assert "de" not in search.normalise("travaux de voirie")


def test_search_is_accent_insensitive_stemmed_and_ranked(indexed_organisations):
    OrganisationFactory(name="Réhabilitation des écoles", description="Travaux de bâtiment")
    OrganisationFactory(name="Cantine scolaire", description="Réhabiliter la cuisine de l'école")
    OrganisationFactory(name="Voirie", description="Enrobés")
    results = search.objects("rehabilitation ecole", Organisation.objects.all())
    assert names(results) == ["Réhabilitation des écoles", "Cantine scolaire"]


def test_search_tolerates_a_typo(indexed_organisations):
    OrganisationFactory(name="Restauration collective", description="Repas bio et locaux")
    assert names(search.objects("restoration colective", Organisation.objects.all())) == [
        "Restauration collective"
    ]


def test_every_word_must_match(indexed_organisations):
    OrganisationFactory(name="Nettoyage des locaux")
    assert search.objects("nettoyage vitres", Organisation.objects.all()) == []


def test_non_public_objects_leave_the_index(indexed_organisations):
    organisation = OrganisationFactory(name="Mobilier de bureau")
    assert names(search.objects("mobilier", Organisation.objects.all())) == ["Mobilier de bureau"]
    organisation.is_member = False
    organisation.save()
    assert search.objects("mobilier", Organisation.objects.all()) == []


def test_deleted_objects_leave_the_index_and_reindex_rebuilds(indexed_organisations):
    organisation = OrganisationFactory(name="Papier recyclé")
    organisation.delete()
    assert search.query("papier", [Organisation]) == []
    Organisation.objects.bulk_create(
        [Organisation(name="Papier recyclé", slug="p", kind="commune", is_member=True)]
    )
    assert search.query("papier", [Organisation]) == []  # bulk loads skip signals
    assert search.reindex(Organisation) == 1
    assert [hit.object.name for hit in search.query("papier", [Organisation])] == ["Papier recyclé"]


def test_empty_query_returns_the_whole_queryset(indexed_organisations):
    OrganisationFactory(name="A")
    assert len(search.objects("  ", Organisation.objects.all())) == 1
