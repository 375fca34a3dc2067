from django.template import Context, Template


def render(count):
    template = Template("{% load french %}{{ n }} marché{{ n|pluriel }} réservé{{ n|pluriel }}")
    return template.render(Context({"n": count}))


def test_zero_and_one_take_the_singular_in_french():
    # Django's own `pluralize` writes « 0 marchés réservés ».
    assert render(0) == "0 marché réservé"
    assert render(1) == "1 marché réservé"
    assert render(2) == "2 marchés réservés"


def test_irregular_endings_and_lists():
    template = Template("{% load french %}{{ lots|length }} nouveau{{ lots|pluriel:'x' }}")
    assert template.render(Context({"lots": ["a", "b"]})) == "2 nouveaux"
    assert template.render(Context({"lots": ["a"]})) == "1 nouveau"
    journal = Template("{% load french %}{{ n }} journ{{ n|pluriel:'al,aux' }}")
    assert journal.render(Context({"n": 0})) == "0 journal"
    assert journal.render(Context({"n": 3})) == "3 journaux"
