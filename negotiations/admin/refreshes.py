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
from django.utils import timezone

from commodities import admin as commodities_admin
from commodities.models import RefreshRun

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
    """Refresh a negotiation's trade flows: in process without a broker, else on a worker.

    Returns a message for the user and its level.
    """
    from ..tasks import refresh_negotiation_trade

    started = timezone.now()
    try:
        refresh_negotiation_trade.delay(negotiation.pk)
    except QUEUE_ERRORS as error:
        return queue_unreachable(negotiation, error)
    except Exception as error:
        logger.exception("Refreshing %s failed", negotiation)
        return f"{negotiation}: the refresh failed ({error}).", messages.ERROR
    if not refresh_negotiation_trade.app.conf.task_always_eager:
        return (
            f"{negotiation}: trade-data refresh queued; its runs appear under Refresh runs.",
            messages.INFO,
        )
    runs = negotiation.refresh_runs.filter(started_at__gte=started)
    failed = runs.filter(status=RefreshRun.Status.FAILED).count()
    total = runs.count()
    if not total:
        return f"{negotiation}: nothing to refresh (no HS code, or a refresh is running).", (
            messages.WARNING
        )
    return (
        f"{negotiation}: {total} refresh run(s), {total - failed} succeeded, {failed} failed.",
        messages.WARNING if failed else messages.SUCCESS,
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
    from tariffs.tasks import refresh_tariff_notices

    try:
        result = refresh_tariff_notices.delay()
    except QUEUE_ERRORS as error:
        return queue_unreachable("Tariff notices", error)
    except Exception as error:
        logger.exception("Refreshing the tariff notices failed")
        return f"Tariff notices: the refresh failed ({error}).", messages.ERROR
    if not refresh_tariff_notices.app.conf.task_always_eager:
        return "Tariff notices: refresh queued.", messages.INFO
    summary = result.get()
    if summary.get("status") == RefreshRun.Status.SUCCEEDED:
        return (
            f"Tariff notices: {summary['rows_inserted']} new pending update(s).",
            messages.SUCCESS,
        )
    return f"Tariff notices: {summary.get('error') or summary.get('status')}.", messages.WARNING
