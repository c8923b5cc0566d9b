"""The two roles every installation has: Analysts read, Editors also write."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions

DOMAIN_APPS = ("core", "commodities", "tariffs", "negotiations")
# Records of the site's own work, not facts about trade: no group's permissions for them, and
# a change to them is no change to the data (`DataVersion`).
NOT_DOMAIN_MODELS = ("core.export",)
ANALYST = "Analyst"
EDITOR = "Editor"


def is_domain_model(model):
    meta = model._meta
    return meta.app_label in DOMAIN_APPS and meta.label_lower not in NOT_DOMAIN_MODELS


def domain_permissions(Permission, actions):
    codenames = [
        f"{action}_{model._meta.model_name}"
        for app_label in DOMAIN_APPS
        for model in global_apps.get_app_config(app_label).get_models()
        if is_domain_model(model)
        for action in actions
    ]
    return Permission.objects.filter(
        content_type__app_label__in=DOMAIN_APPS, codename__in=codenames
    )


def ensure_groups(sender, using="default", **kwargs):
    """Create the groups after every migrate, with the permissions of every domain model."""
    from django.contrib.auth.models import Group, Permission

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    analyst, _ = Group.objects.using(using).get_or_create(name=ANALYST)
    analyst.permissions.set(domain_permissions(Permission, ["view"]))
    editor, _ = Group.objects.using(using).get_or_create(name=EDITOR)
    editor.permissions.set(domain_permissions(Permission, ["view", "add", "change", "delete"]))
