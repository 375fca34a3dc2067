import pytest
from django.core.exceptions import ValidationError

from tests.factories import OrganisationFactory


def test_invalid_siren_is_refused_with_a_french_message(db):
    organisation = OrganisationFactory.build(siren="215903502")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "SIREN « 215903502 » est invalide" in str(error.value)


def test_siren_is_normalised_on_save(db):
    organisation = OrganisationFactory(siren="215 903 501")
    organisation.refresh_from_db()
    assert organisation.siren == "215903501"
