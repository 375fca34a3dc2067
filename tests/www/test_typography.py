"""Guard: no template shows a plain space before « : ; ! ? » (French typography).

A plain space lets the sign start a new line; the rule and the convention (`&nbsp;` in HTML,
U+00A0 in plain-text e-mails) live in tests/www/french_typography.py.
"""

from pathlib import Path

import pytest

import apure
from tests.www.french_typography import fix, offences

APURE = Path(apure.__file__).parent
TEMPLATES = sorted(
    path
    for path in APURE.rglob("templates/**/*")
    if path.suffix in {".html", ".txt"} and path.is_file()
)


def test_every_template_is_scanned():
    # The guard would pass vacuously if the glob stopped finding templates.
    assert len(TEMPLATES) > 200
    assert APURE / "templates" / "base.html" in TEMPLATES
    assert any(path.suffix == ".txt" for path in TEMPLATES)


def test_no_plain_space_before_colon_semicolon_exclamation_question_mark():
    found = []
    for path in TEMPLATES:
        source = path.read_text(encoding="utf-8")
        for offence in offences(source, html=path.suffix == ".html"):
            found.append(f"{path.relative_to(APURE.parent)}:{offence.line}: {offence.excerpt}")
    assert found == [], "espace simple avant « : ; ! ? » (mettre &nbsp; ou U+00A0) :\n" + "\n".join(
        found
    )


@pytest.mark.parametrize(
    "source",
    [
        "<p>Couverture : {{ coverage }}</p>",
        "<p>Estimation impossible ; réessayez</p>",
        "<p>Mot de passe oublié ?</p>",
        "<p>Merci !</p>",
        "<dt>{{ label }} :</dt>",
        "<strong>Réemploi</strong> : donner une seconde vie",
        '<a href="?page=2" title="Page suivante : 2">2</a>',
        '<img src="x.png" alt="Carte : départements">',
        '<input placeholder="Commune ou code postal : Lille">',
        "{% if x %}Statut : {{ x }}{% endif %}",
        "<p>Tabulation\t: aussi</p>",
    ],
)
def test_rule_flags_a_plain_space_a_reader_sees(source):
    assert len(offences(source)) == 1


@pytest.mark.parametrize(
    "source",
    [
        "<p>Couverture&nbsp;: {{ coverage }}</p>",
        "<p>Couverture\u00a0: {{ coverage }}</p>",
        "<p>Couverture\u202f: {{ coverage }}</p>",
        "<p>Réunion à 10:30, voir https://example.org/a?b=1</p>",
        '<a href="{% url "x" %}?page={{ n }}" class="a :b">x</a>',
        '<input value="a : b" data-info="c ; d">',
        "{% if a != b %}{{ x|date:'H : i' }}{% endif %}",
        "{# note : interne #}<!-- commentaire : invisible -->",
        "{% comment %}Note : interne{% endcomment %}",
        "<script>const x = a ? b : c;</script><style>a { color : red !important; }</style>",
        "<pre>clé : valeur</pre><code>a ? b : c</code>",
        "<p>\n  : en début de ligne, indentation</p>",
    ],
)
def test_rule_leaves_code_and_non_breaking_spaces_alone(source):
    assert offences(source) == []


def test_plain_text_templates_get_a_literal_non_breaking_space():
    source = "Contrat : {{ url }}\nMerci !\n{{ x|default:'a : b' }}"
    assert [offence.line for offence in offences(source, html=False)] == [1, 2]
    fixed = fix(source, html=False)
    assert fixed == "Contrat\u00a0: {{ url }}\nMerci\u00a0!\n{{ x|default:'a : b' }}"
    assert offences(fixed, html=False) == []


def test_html_templates_get_an_entity_and_report_the_line():
    source = "<h1>Rapport</h1>\n<p>Couverture  : {{ x }}</p>"
    assert offences(source)[0].line == 2
    assert offences(source)[0].excerpt == "<p>Couverture  : {{ x }}</p>"
    assert fix(source) == "<h1>Rapport</h1>\n<p>Couverture&nbsp;: {{ x }}</p>"
