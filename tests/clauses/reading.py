"""What a buyer reads on the recommender's page, picked out of its HTML for the tests."""

import lxml.html


def obligations_on_page(html: str) -> dict[str, str]:
    """{obligation title: status as shown (« Applicable », « Possibilité »…)}."""
    tree = lxml.html.fromstring(html)
    return {
        article.findtext("h3").strip(): article.find_class("status")[0].text_content().strip()
        for article in tree.find_class("obligation")
    }


def ticked_clauses_on_page(html: str) -> list[str]:
    """Titles of the clauses ticked for the document, in the page's order."""
    tree = lxml.html.fromstring(html)
    return [
        box.getparent().find(".//h3/a").text_content().strip()
        for box in tree.xpath("//input[@name='clause'][@checked]")
    ]


def insertion_hours_on_page(html: str) -> int | None:
    """The hours of the insertion clause as the page shows them, None when none are given."""
    figures = lxml.html.fromstring(html).find_class("sizing-figure")
    if not figures:
        return None
    return int("".join(ch for ch in figures[0].text_content() if ch.isdigit()))
