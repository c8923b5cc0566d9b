"""Refreshes started from the admin: a negotiation's trade data, the tariff notices."""

import logging

import kombu.exceptions
import redis.exceptions
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse

from commodities import admin as commodities_admin
from commodities.models import RefreshRun
from core.background import QUEUED, run_outside_request

from ..models import Negotiation

logger = logging.getLogger("negotiations.admin")


QUEUE_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.ConnectionError)


def queue_unreachable(label, error):
    """Nothing was attempted: the task never reached the queue, so there is no failure to show."""
    logger.warning("Could not queue %s: %s", label, error)
    return (
        f"{label}: could not queue the refresh: the task queue (REDIS_URL) is unreachable "
        f"({error}). Nothing was started.",
        messages.ERROR,
    )


def start_trade_refresh(negotiation):
    """Refresh a negotiation's trade flows outside the request: on a worker with a broker,
    else in a background thread. Returns a message for the user and its level."""
    from ..tasks import refresh_negotiation_trade

    return start_outside_request(
        str(negotiation),
        refresh_negotiation_trade,
        negotiation.pk,
        done="trade-data refresh",
        where="its runs appear under Refresh runs as they finish",
    )


def start_outside_request(label, task, *args, done, where):
    """Start `task` without waiting for it (`core.background`); a message saying how."""
    try:
        how = run_outside_request(task, *args)
    except QUEUE_ERRORS as error:
        return queue_unreachable(label, error)
    except Exception as error:
        logger.exception("Starting %s failed", task.name)
        return f"{label}: the {done} could not be started ({error}).", messages.ERROR
    if how == QUEUED:
        return f"{label}: {done} queued; {where}.", messages.INFO
    return (
        f"{label}: {done} started in the background (no task queue: REDIS_URL is not set); "
        f"{where}.",
        messages.INFO,
    )


@admin.action(description="Refresh trade data now", permissions=["change"])
def refresh_trade_data_now(modeladmin, request, queryset):
    for negotiation in queryset:
        message, level = start_trade_refresh(negotiation)
        modeladmin.message_user(request, message, level)


class StartRefreshForm(forms.Form):
    negotiation = forms.ModelChoiceField(
        Negotiation.objects.all(),
        required=False,
        help_text="Refresh its trade flows: its parties pairwise, in the HS codes its "
        "measures and concessions touch.",
    )
    tariff_notices = forms.BooleanField(
        required=False,
        label="Tariff notices",
        help_text="Fetch recent Federal Register documents about tariffs; new ones become "
        "pending updates to review.",
    )

    def clean(self):
        data = super().clean()
        if not data.get("negotiation") and not data.get("tariff_notices"):
            raise forms.ValidationError("Choose a negotiation, tariff notices, or both.")
        return data


@admin.register(RefreshRun)
class RefreshRunAdmin(commodities_admin.RefreshRunAdmin):
    """Runs are written by the workers; "Add" here starts a refresh instead of writing one."""

    list_filter = ["status", "source", "negotiations"]

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StartRefreshForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            if form.cleaned_data["negotiation"]:
                self.message_user(request, *start_trade_refresh(form.cleaned_data["negotiation"]))
            if form.cleaned_data["tariff_notices"]:
                self.message_user(request, *start_notice_refresh())
            return HttpResponseRedirect(reverse("admin:commodities_refreshrun_changelist"))
        admin_form = helpers.AdminForm(
            form, [(None, {"fields": list(form.fields)})], {}, model_admin=self
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Start a refresh",
            "subtitle": None,
            "adminform": admin_form,
            "object_id": None,
            "original": None,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            "show_save_and_add_another": False,
            "show_save_and_continue": False,
            **(extra_context or {}),
        }
        return self.render_change_form(request, context, add=True, form_url=form_url)


def start_notice_refresh():
    """Fetch recent tariff notices outside the request, as `start_trade_refresh` does."""
    from tariffs.tasks import refresh_tariff_notices

    return start_outside_request(
        "Tariff notices",
        refresh_tariff_notices,
        done="refresh",
        where="new documents appear under Pending updates, the run under Refresh runs",
    )
