"""Dates as people in India write them: day first in Hindi and English, Devanagari digits too,
shown as dd-mm-yyyy, and implausible dates refused with a reason."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from schemes.forms import EligibilityForm

LANGUAGES = ["hi", "en"]


def _clean(language: str, **answers):
    with translation.override(language):
        form = EligibilityForm(data=answers)
        valid = form.is_valid()
        return valid, form.cleaned_data if valid else {k: [str(m) for m in v] for k, v in form.errors.items()}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("12/03/2008", date(2008, 3, 12)),  # 12 March, never 3 December
        ("12-03-2008", date(2008, 3, 12)),
        ("12.03.2008", date(2008, 3, 12)),
        ("2008-03-12", date(2008, 3, 12)),
        ("31/05/2026", date(2026, 5, 31)),
        ("१२/०३/२००८", date(2008, 3, 12)),
        (" 1/3/2008 ", date(2008, 3, 1)),
    ],
)
def test_dates_are_read_day_first(language, typed, meant):
    valid, data = _clean(language, date_of_birth=typed)
    assert valid, data
    assert data["date_of_birth"] == meant


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_mda_event_date_is_read_day_first(language):
    valid, data = _clean(language, claim_category="up_other", event_date="10/06/2026")
    assert valid, data
    assert data["event_date"] == date(2026, 6, 10)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("typed", ["05/31/2026", "2026/05/31", "31 May 2026", "31/05/26"])
def test_month_first_and_other_shapes_are_refused(language, typed):
    valid, errors = _clean(language, date_of_birth=typed)
    assert not valid
    with translation.override(language):
        assert errors["date_of_birth"] == [translation.gettext("Enter a valid date.")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_implausible_dates_are_refused_with_a_reason(language):
    future = (timezone.localdate() + timedelta(days=3)).strftime("%d/%m/%Y")
    with translation.override(language):
        gettext = translation.gettext
        expected = {
            "before 1900": gettext("This date cannot be before 1900."),
            "before birth": gettext("This date cannot be before the date of birth."),
            "future": gettext("This date cannot be in the future."),
        }
    assert _clean(language, date_of_birth="31/12/1899")[1] == {"date_of_birth": [expected["before 1900"]]}
    assert _clean(
        language, date_of_birth="10/04/1985", received_toolkit_before="yes", last_toolkit_on="01/01/1980"
    )[1] == {"last_toolkit_on": [expected["before birth"]]}
    assert _clean(language, claim_category="up_other", event_date=future)[1] == {
        "event_date": [expected["future"]]
    }


@pytest.mark.parametrize(("language", "placeholder"), [("en", "dd-mm-yyyy"), ("hi", "दिन-माह-वर्ष")])
def test_dates_are_shown_day_first_with_the_format_as_placeholder(language, placeholder):
    with translation.override(language):
        assert date_format(date(2026, 5, 31)) == "31-05-2026"
        assert date_format(date(2026, 5, 31), "SHORT_DATE_FORMAT") == "31-05-2026"
        html = str(EligibilityForm(initial={"date_of_birth": date(1985, 4, 10)})["date_of_birth"])
    assert 'value="10-04-1985"' in html
    assert f'placeholder="{placeholder}' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_api_reads_the_same_dates(client, language):
    def post(**answers):
        return client.post(
            "/api/v1/eligibility/", answers, content_type="application/json", HTTP_ACCEPT_LANGUAGE=language
        )

    ok = post(scheme="MDA", claim_category="up_other", event_date="20/01/2026", applied_on="31/05/2026")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["as_of"] == "2026-05-31"
    refused = post(date_of_birth="05/31/1990")
    assert refused.status_code == 400
    assert set(refused.json()) == {"code", "date_of_birth"}


@pytest.mark.django_db
def test_the_profile_form_reads_day_first():
    from applications.forms import ProfileForm

    field = ProfileForm.base_fields["date_of_birth"]
    with translation.override("hi"):
        assert field.clean("१०/०४/१९८५") == date(1985, 4, 10)
        assert field.clean("10/04/1985") == date(1985, 4, 10)
