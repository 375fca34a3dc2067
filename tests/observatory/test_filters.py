from django.http import QueryDict

from apure.observatory.filters import Filters


def test_hauts_de_france_is_the_default_of_the_pages():
    assert Filters.from_query(QueryDict("")).region == "32"
    assert Filters.from_query(QueryDict("region=")).region == ""
    assert Filters.from_query(QueryDict("region=53")).region == "53"


def test_filters_round_trip_through_the_url():
    query = (
        "annee=2024&annee=2025&region=32&departement=59&segment=restauration-collective"
        "&montant=40k-90k"
    )
    filters = Filters.from_query(QueryDict(query))
    assert filters.years == (2024, 2025)
    assert Filters.from_query(QueryDict(filters.querystring())) == filters


def test_invalid_values_are_dropped_with_a_french_message():
    filters = Filters.from_query(QueryDict("annee=deux&acheteur=123&cpv=4&segment=nope&region=99"))
    assert filters == Filters.build()
    assert len(filters.errors) == 5
    assert any("SIRET" in error for error in filters.errors)


def test_description_reads_in_french():
    filters = Filters.build(years=[2025], region="32", segment="restauration-collective")
    assert filters.description() == [
        "année 2025",
        "région Hauts-de-France",
        "segment restauration collective et denrées alimentaires",
    ]
    assert Filters.build(years=[2024, 2025]).description()[0] == "années 2024, 2025"


def test_a_departement_of_another_region_wins_over_the_region():
    """QA: `?region=32&departement=57` used to AND both filters and show 0 contracts."""
    filters = Filters.from_query(QueryDict("region=32&departement=57"))
    assert (filters.region, filters.departement) == ("44", "57")
    assert filters.notices and "Grand Est" in filters.notices[0]
    assert "département Moselle (région Grand Est)" in filters.description()
    # The default région (no `region` in the URL) gives way too, and so does `with_`.
    assert Filters.from_query(QueryDict("departement=75")).region == "11"
    assert Filters.build(region="32").with_(departement="57").region == "44"
    # A département of the région asked for changes nothing and says nothing.
    same = Filters.from_query(QueryDict("region=32&departement=59"))
    assert same.region == "32" and not same.notices


def test_procedure_is_not_written_twice_in_the_caption():
    filters = Filters.build(procedure="Procédure adaptée")
    assert "procédure adaptée" in filters.description()
    assert (
        "procédure appel d'offres ouvert"
        in Filters.build(procedure="Appel d'offres ouvert").description()
    )


def test_a_number_outside_the_period_is_not_called_a_non_year():
    """Review: `?annee=1990` said « n'est pas une année »; only non-numbers are."""
    filters = Filters.from_query(QueryDict("annee=2019&annee=1990&annee=deux&annee=99999999999"))
    assert filters.years == (2019,)
    assert filters.errors == (
        "Année ignorée\u00a0: « deux » n'est pas une année.",
        "Année ignorée\u00a0: « 99999999… » hors de la période des données.",
        "Année ignorée\u00a0: « 1990 » hors de la période des données.",
    )


def test_a_departement_alone_says_nothing_about_the_default_region():
    """Review: `?departement=75` spoke of Hauts-de-France, which the visitor never chose."""
    filters = Filters.from_query(QueryDict("departement=75"))
    assert (filters.region, filters.departement) == ("11", "75")
    assert filters.notices == ()
    asked = Filters.from_query(QueryDict("region=32&departement=75"))
    assert (asked.region, asked.departement) == ("11", "75")
    assert "et non sur la région Hauts-de-France" in asked.notices[0]


# One valid value per filter of the table: every filter described there must work end to end.
EXAMPLES = {
    "years": (2025,),
    "region": "32",
    "departement": "59",
    "buyer": "21590350100017",
    "buyer_kind": "commune",
    "cpv_division": "45",
    "segment": "restauration-collective",
    "procedure": "Procédure adaptée",
    "amount_band": "40k-90k",
    "kind": "marche",
}


def test_every_filter_of_the_table_round_trips_filters_sql_and_reads_in_french():
    from apure.observatory.filters import FILTERS

    assert set(EXAMPLES) == set(FILTERS)  # a new filter gets its example here
    everything = Filters.build(**EXAMPLES)
    assert not everything.errors
    assert Filters.from_query(QueryDict(everything.querystring())) == everything
    where, params = everything.where()
    assert where.count("?") == len(params)
    for name, value in EXAMPLES.items():
        alone = Filters.build(**{"region": "", name: value})
        assert Filters.from_query(QueryDict(alone.querystring())) == alone, name
        assert alone.where()[0] != Filters.build(region="").where()[0], name
        assert len(alone.description()) >= 1, name


def test_an_invalid_value_names_its_url_key_in_french():
    from apure.observatory.filters import FILTERS

    for item in FILTERS.values():
        if item.name == "years":
            continue
        filters = Filters.from_query(QueryDict(f"{item.key}=%C2%A7%C2%A7%C2%A7" + "x" * 300))
        assert getattr(filters, item.name) in ("", "32"), item.name
        assert any(f"« {item.key} »" in error for error in filters.errors), item.name
