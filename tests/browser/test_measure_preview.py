"""An editor checks in a browser what an edit to a measure would do before saving it."""

import pytest

from ..factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_edited_rate_is_previewed_on_a_japanese_car_and_not_saved(page, site, screenshot):
    from tariffs.models import Measure, MeasureChange

    UserFactory(username="root", is_staff=True, is_superuser=True)
    page.goto(site + "/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(site + "/admin/")
    measure = Measure.objects.get(title="Section 232 autos and parts: Japan's 15% all-in rate")
    page.goto(f"{site}/admin/tariffs/measure/{measure.pk}/change/")
    words = page.get_by_test_id("measure-words")
    assert "15 % in total, including the base rate" in words.inner_text()
    page.locator("#id_changes-0-ad_valorem_rate").fill("20")
    page.get_by_label("HS code").fill("87032301")
    page.get_by_label("Date").fill("2025-10-01")
    page.get_by_role("button", name="Preview").click()
    total = page.get_by_test_id("preview-answer").get_by_test_id("total-ad-valorem")
    total.wait_for()
    # Base 2.5 %; the edited all-in rate of 20 % leaves a total of 20 %.
    assert total.inner_text() == "20 %"
    assert "20 % in total, including the base rate" in words.inner_text()
    assert page.locator("#id_changes-0-ad_valorem_rate").input_value() == "20"
    screenshot(page, "measure-preview")
    assert MeasureChange.objects.get(measure=measure).ad_valorem_rate == 15
