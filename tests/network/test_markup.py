from apure.network.markup import render_markdown


def test_markdown_is_rendered():
    html = render_markdown("Un **texte** avec une [source](https://exemple.fr).")
    assert "<strong>texte</strong>" in html
    assert 'href="https://exemple.fr"' in html


def test_scripts_and_event_handlers_are_removed():
    html = render_markdown(
        "<script>alert(1)</script>\n\n<p onclick='x()'>clic</p>\n\n[lien](javascript:alert(1))"
    )
    assert "<script" not in html
    assert "onclick" not in html
    assert "javascript:" not in html


def test_top_level_headings_become_h2_because_the_page_owns_the_h1():
    html = render_markdown("# Titre")
    assert "<h2>Titre</h2>" in html
    assert "<h1" not in html


def test_links_get_noopener():
    assert 'rel="noopener noreferrer"' in render_markdown("[a](https://exemple.fr)")
