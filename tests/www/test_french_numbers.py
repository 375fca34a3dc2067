"""Numbers typed as French people write them, in every form that asks for an amount or a rate."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured

from apure.www.pages.fields import FrenchDecimalField

INVALID = "Saisissez un nombre, par exemple 1 200 000 ou 12,5."


class AmountForm(forms.Form):
    amount = FrenchDecimalField(max_digits=14, decimal_places=2, required=False)
    rate = FrenchDecimalField(
        max_digits=5, decimal_places=1, required=False, initial=Decimal("5.00")
    )


def cleaned(**data):
    form = AmountForm(data)
    assert form.is_valid(), form.errors
    return form.cleaned_data


@pytest.mark.parametrize(
    "typed,value",
    [
        ("1 200 000", Decimal("1200000")),
        ("1 200 000,50", Decimal("1200000.5")),
        ("1200000.5", Decimal("1200000.5")),
        ("1\xa0200\xa0000", Decimal("1200000")),  # non-breaking spaces
        ("1\u202f200\u202f000,50", Decimal("1200000.5")),  # narrow non-breaking spaces
        (" 12,5 ", Decimal("12.5")),
        (",5", Decimal("0.5")),
    ],
)
def test_amounts_typed_in_french_are_read(typed, value):
    assert cleaned(amount=typed)["amount"] == value


def test_zeros_after_the_last_decimal_do_not_count_as_precision():
    assert cleaned(rate="5,00")["rate"] == Decimal("5")


@pytest.mark.parametrize(
    "typed", ["nan", "NaN", "inf", "-Infinity", "1e6", "1.200.000", "1,200.50", "douze", "12 %"]
)
def test_what_is_not_a_plain_number_is_refused_in_french(typed):
    form = AmountForm({"amount": typed})
    assert form.errors["amount"] == [INVALID]


def test_limits_still_apply_with_their_french_message():
    form = AmountForm({"rate": "12,55"})
    assert form.errors["rate"] == [
        "Assurez-vous qu'il n'y a pas plus de 1 chiffre après la virgule."
    ]


def test_the_initial_value_is_shown_as_it_will_be_accepted():
    html = str(AmountForm()["rate"])
    assert 'value="5"' in html and 'inputmode="decimal"' in html and 'type="text"' in html
    assert AmountForm({"rate": AmountForm()["rate"].value()}).is_valid()


def test_an_initial_value_that_does_not_fit_its_field_is_refused_when_declared():
    with pytest.raises(ImproperlyConfigured):
        FrenchDecimalField(max_digits=5, decimal_places=1, initial=Decimal("5.25"))
