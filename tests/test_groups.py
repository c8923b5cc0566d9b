"""Two groups exist after `migrate`: Analysts view, Editors also add, change and delete."""

import pytest
from django.contrib.auth.models import Group

from core.groups import ANALYST, EDITOR

pytestmark = pytest.mark.django_db


def codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


def test_analysts_may_only_view_domain_models():
    perms = codenames(ANALYST)
    assert {"view_round", "view_measure", "view_concession", "view_tradeflow"} <= perms
    assert all(codename.startswith("view_") for codename in perms)


def test_editors_may_add_change_and_delete_domain_models():
    perms = codenames(EDITOR)
    for model in ("round", "measure", "measurechange", "concession", "tradeflow", "commodity"):
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= perms


def test_neither_group_may_manage_users():
    assert not {p for p in codenames(EDITOR) | codenames(ANALYST) if p.endswith("_user")}
