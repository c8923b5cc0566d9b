"""Keep `DataVersion` current: any saved, deleted or relinked domain row bumps it. A deleted
export's file goes with it."""

import contextlib
import threading

from django.apps import apps as global_apps
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import kept
from .groups import is_domain_model
from .models import DataVersion, Export, data_changed


def is_domain_data(model):
    meta = model._meta
    return (
        # Models rebuilt by a migration (another registry) are not the live data's.
        meta.apps is global_apps
        and is_domain_model(model)
        and model is not DataVersion
        and not meta.model_name.startswith("historical")
    )


_held = threading.local()


@contextlib.contextmanager
def bumps_held():
    """No bump for each row written meanwhile: a bulk write bumps once, at its end."""
    _held.on = True
    try:
        yield
    finally:
        _held.on = False


def bump_on_change(sender, held=None, **kwargs):
    if getattr(_held, "on", False) and held is None:
        return
    if is_domain_data(sender):
        DataVersion.bump(duties=sender._meta.app_label in DataVersion.DUTY_APPS)


def bump_on_relink(sender, action, **kwargs):
    if getattr(_held, "on", False):
        return
    if action.startswith("post_") and is_domain_data(sender):
        DataVersion.bump(duties=sender._meta.app_label in DataVersion.DUTY_APPS)


def delete_export_file(sender, instance, **kwargs):
    """Once the deletion commits, the file goes too (a rolled-back one keeps it)."""
    if instance.file:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))


def connect():
    data_changed.connect(kept.clear_all, dispatch_uid="core.kept_on_data_changed")
    # A request's version is its own: none is carried into the next one.
    request_started.connect(DataVersion.forget, dispatch_uid="core.versions_forgotten_on_start")
    request_finished.connect(DataVersion.forget, dispatch_uid="core.versions_forgotten_on_end")
    post_save.connect(bump_on_change, dispatch_uid="core.bump_on_save")
    post_delete.connect(bump_on_change, dispatch_uid="core.bump_on_delete")
    m2m_changed.connect(bump_on_relink, dispatch_uid="core.bump_on_relink")
    post_delete.connect(delete_export_file, sender=Export, dispatch_uid="core.export_file")
