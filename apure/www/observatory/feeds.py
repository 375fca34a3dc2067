"""Atom feed of any filtered contract list: the latest contracts notified in the view."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from apure.observatory import contracts, pages, store_query
from apure.observatory.filters import Filters

FEED_SIZE = 50


class TextSummaryAtomFeed(Atom1Feed):
    """Summaries are plain text (a buyer, an amount, a date): say so, readers show them as is."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ContractFeed(Feed):
    feed_type = TextSummaryAtomFeed

    def get_object(self, request):
        if not store_query.is_loaded():
            raise Http404("Aucune donnée importée.")
        return Filters.from_query(request.GET), request.GET.get("q", "").strip()[:200]

    def title(self, view):
        filters, text = view
        words = f", objet contenant « {text} »" if text else ""
        return f"Contrats notifiés — {', '.join(filters.description())}{words}"

    def subtitle(self, view):
        return "Les derniers contrats de cette vue de l'observatoire apure (données DECP)."

    def link(self, view):
        filters, text = view
        return f"{reverse('observatory:contracts')}?{pages.list_query(filters, text)}"

    def items(self, view):
        filters, text = view
        listing = contracts.page(filters, text=text, size=FEED_SIZE, count=False)
        return listing["rows"] if listing else []

    def item_title(self, item):
        return item["object"] or item["uid"]

    def item_link(self, item):
        return reverse("observatory:contract", args=[item["uid"]])

    def item_description(self, item):
        facts = [
            contracts.display_value(column, item.get(column))
            for column in ("buyer_name", "notification_date", "amount")
        ]
        social = contracts.display_value("social", item["social"])
        environmental = contracts.display_value("environmental", item["environmental"])
        facts.append(
            f"considération sociale\u00a0: {social}, environnementale\u00a0: {environmental}"
        )
        return " · ".join(facts)

    def item_pubdate(self, item):
        day = item.get("notification_date")
        return timezone.make_aware(datetime.combine(day, time())) if day else None
