"""The AGEC categories of the reuse rules (dated legal values: tests/reference/test_legal.py)."""

from apure.obligations import reference


def test_the_seventeen_agec_categories_are_there_with_a_cpv_mapping():
    categories = reference.agec()["categories"]
    assert [c["number"] for c in categories] == list(range(1, 18))
    assert all(c["cpv_prefixes"] for c in categories)
    assert "judgement" in reference.agec()["_about"].lower()


def test_cpv_codes_fall_in_the_expected_agec_category():
    assert reference.agec_category("30213100")["number"] == 2  # portable computers
    assert reference.agec_category("30232110")["number"] == 3  # laser printers
    assert reference.agec_category("30125100")["number"] == 4  # toner cartridges
    assert reference.agec_category("30197630")["number"] == 5  # printing paper
    assert reference.agec_category("34928480")["number"] == 11  # waste bins
    assert reference.agec_category("45000000") is None
