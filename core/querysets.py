"""The querysets the API and the pages share, with what their views read already joined."""

from .models import Economy, Source


def economies():
    return Economy.objects.prefetch_related("members", "unions")


def sources():
    return Source.objects.all()
