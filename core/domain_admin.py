"""What every domain model's admin shares (`DomainAdminMixin`).

- A change form carries the version of the record (and of its inlines' rows) as it was when
  the form was opened; saving compares it with the version under a row lock, in the save's
  transaction, and refuses with a form error when someone else changed the record meanwhile.
- Deleting goes through `core.deletion`: the confirmation page lists what goes with the row and
  is the editor's explicit consent to the cascade; protected rows still block it; the deletion
  is recorded so that it can be undone.
- With `restorable = True`, a "Deleted" page lists the deleted rows of the model, from their
  history, each with a Restore button (`core.restore`).
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .deletion import DeletionRefused, delete_with_dependants
from .restore import (
    RestoreRefused,
    deleted_rows,
    deletion_contents,
    deletion_record,
    restore_deletion,
)
from .versions import stored_state

SEEN_VERSION = "seen_version"
EDIT_CONFLICT = (
    "Someone else changed this {name} since you opened this page, and your changes were not "
    "saved. Reload the page to see the current version, then make your changes again."
)
DELETED_SHOWN = 200


def versioned_form(form_class, current, name):
    """`form_class` with the version seen when it was opened, refused if no longer `current`."""

    class VersionedForm(form_class):
        seen_version = forms.CharField(widget=forms.HiddenInput, required=False, initial=current)

        def clean(self):
            data = super().clean()
            seen = self.cleaned_data.get(SEEN_VERSION)
            if seen and seen != current:
                raise forms.ValidationError(EDIT_CONFLICT.format(name=name), code="edit_conflict")
            return data

    VersionedForm.__name__ = form_class.__name__
    return VersionedForm


def inline_rows(inline, obj):
    """The rows an inline of `obj`'s page shows."""
    for key in inline.model._meta.concrete_fields:
        if (
            key.many_to_one
            and key.related_model is obj._meta.concrete_model
            and inline.fk_name in (None, key.name)
        ):
            return inline.model._base_manager.filter(**{key.name: obj.pk})
    return inline.model._base_manager.none()


class DomainAdminMixin:
    restorable = False

    def __init__(self, model, admin_site):
        # Set first: the import page's change list (core.bulk_admin) extends it.
        if self.restorable and not self.change_list_template:
            self.change_list_template = "admin/restorable_change_list.html"
        super().__init__(model, admin_site)

    # --- edits made meanwhile -------------------------------------------------------------

    def guards_edit(self, request, obj):
        return obj is not None and self.has_change_permission(request, obj)

    def object_version(self, request, obj):
        inlines = self.get_inline_instances(request, obj)
        return stored_state(obj, [inline_rows(inline, obj) for inline in inlines])

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if (
            obj is not None
            and request.method == "POST"
            and transaction.get_connection().in_atomic_block
        ):
            # Held until the save commits: an edit saved meanwhile is seen, one saved later waits.
            rows = type(obj)._base_manager.select_for_update().filter(pk=obj.pk)
            list(rows.values("pk"))
            obj = super().get_object(request, object_id, from_field)
        return obj

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self.guards_edit(request, obj) or SEEN_VERSION in flatten_fieldsets(fieldsets):
            return fieldsets
        *first, (name, options) = fieldsets
        return [*first, (name, {**options, "fields": [*options["fields"], SEEN_VERSION]})]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The version is a field of the form class made here, not of the model's form.
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"]:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != SEEN_VERSION]
        form = super().get_form(request, obj, change, **kwargs)
        if not self.guards_edit(request, obj):
            return form
        current = self.object_version(request, obj)
        return versioned_form(form, current, self.opts.verbose_name)

    # --- deletes ---------------------------------------------------------------------------

    def delete_model(self, request, obj):
        delete_with_dependants(obj, cascade=True, user=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            # One may have gone with another already.
            if type(obj)._base_manager.filter(pk=obj.pk).exists():
                try:
                    delete_with_dependants(obj, cascade=True, user=request.user)
                except DeletionRefused as refused:
                    self.message_user(request, refused.message, messages.ERROR)

    # --- restore ---------------------------------------------------------------------------

    def get_urls(self):
        urls = super().get_urls()
        if not self.restorable:
            return urls
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.deleted_view),
                name="{}_{}_deleted".format(*info),
            ),
            path(
                "deleted/<int:history_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *urls,
        ]

    def admin_url(self, view, *args):
        return reverse(
            f"{self.admin_site.name}:{self.opts.app_label}_{self.opts.model_name}_{view}",
            args=args,
        )

    def deleted_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = deleted_rows(self.model).select_related("history_user")[:DELETED_SHOWN]
        context = {
            **self.admin_site.each_context(request),
            "title": f"Deleted {self.opts.verbose_name_plural}",
            "opts": self.opts,
            "rows": [
                (record, record.instance, self.admin_url("restore", record.history_id))
                for record in rows
            ],
            "shown": DELETED_SHOWN,
            "can_restore": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/deleted_rows.html", context)

    def restore_view(self, request, history_id):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        try:
            record = deletion_record(self.model, history_id)
            if request.method == "POST":
                return self.restore(request, record)
        except RestoreRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return HttpResponseRedirect(self.admin_url("deleted"))
        contents = deletion_contents(record)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Restore {self.opts.verbose_name} “{record.instance}”",
            "opts": self.opts,
            "record": record,
            "contents": [
                (model._meta.verbose_name_plural, len(records))
                for model, records in contents.items()
            ],
            "deleted_url": self.admin_url("deleted"),
        }
        return TemplateResponse(request, "admin/restore_deleted.html", context)

    def restore(self, request, record):
        restored = restore_deletion(self.model, record.history_id, user=request.user)
        summary = ", ".join(
            f"{count} {model._meta.verbose_name_plural}" for model, count in restored.items()
        )
        self.message_user(request, f"Restored {summary}.", messages.SUCCESS)
        pk = getattr(record, self.opts.pk.attname)
        return HttpResponseRedirect(self.admin_url("change", pk))
