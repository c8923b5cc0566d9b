import datetime as dt

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Negotiation
from .services import recent_events, timeline

FEED_LENGTH = 50


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are plain text (`type="text"`): what editors typed is shown
    as they typed it, markup included, and never read as HTML by a feed reader."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class EventsFeed(Feed):
    """New rounds and status changes of measures and concessions, newest first."""

    feed_type = PlainTextAtomFeed
    title = "Tariff tracker: events"
    subtitle = "New rounds, and status changes of tariff measures and concessions."

    def link(self):
        return reverse("negotiations:home")

    def items(self):
        return recent_events(limit=FEED_LENGTH)

    def item_title(self, event):
        return event.title

    def item_description(self, event):
        cited = "; ".join(f"{s.publisher} ({s.get_kind_display()})" for s in event.sources)
        return " ".join(part for part in (event.description, f"Sources: {cited}." if cited else ""))

    def item_link(self, event):
        return event.url

    def item_guid(self, event):
        return f"tag:tariff-tracker,2025:{event.key}"

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return dt.datetime.combine(event.date, dt.time(), tzinfo=dt.UTC)

    def item_updateddate(self, event):
        return self.item_pubdate(event)

    def item_categories(self, event):
        return [event.kind]


class NegotiationFeed(EventsFeed):
    """The events of one negotiation."""

    def get_object(self, request, slug):
        return get_object_or_404(Negotiation, slug=slug)

    def title(self, negotiation):
        return f"Tariff tracker: {negotiation.title}"

    def link(self, negotiation):
        return negotiation.get_absolute_url()

    def items(self, negotiation):
        return list(reversed(timeline(negotiation, latest=FEED_LENGTH).events))
