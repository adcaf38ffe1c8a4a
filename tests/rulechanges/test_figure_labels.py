"""The draft form and the change report name each figure in the reader's language, with the
rules' name of the figure beside it for staff comparing with the GO."""

import dataclasses

import pytest
from django.test import Client
from django.utils.html import escape
from django.utils.translation import override

from schemes.changes import figure_changes
from schemes.rules import SCHEME_MODULES, toolkit
from tests.rulechanges.helpers import draft, state_user

pytestmark = pytest.mark.django_db


def _page(user, url: str, language: str) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("language", "label", "other"),
    [
        ("hi", "पहला स्लैब: परियोजना लागत की सीमा", "First slab: project cost up to"),
        ("en", "First slab: project cost up to", "पहला स्लैब: परियोजना लागत की सीमा"),
    ],
)
def test_the_draft_form_labels_a_figure_in_the_readers_language(language, label, other):
    page = _page(state_user(), "/rule-changes/new/mm/", language)
    assert f'<label for="id_slab1_limit">{label} <small><code>slab1_limit</code></small></label>' in page
    assert '<label for="id_slab1_limit">slab1_limit</label>' not in page
    assert other not in page
    # The GO note stays as the help text.
    assert (
        '<p class="help" id="id_slab1_limit_help">Para 1(2): the first slab covers project costs '
        "up to Rs 25 lakh.</p>"
    ) in page


@pytest.mark.parametrize("code", sorted(SCHEME_MODULES))
@pytest.mark.parametrize("language", ["hi", "en"])
def test_every_figure_of_every_draft_form_has_its_label(code, language):
    parameters = SCHEME_MODULES[code].Parameters
    page = _page(state_user(), f"/rule-changes/new/{code.lower()}/", language)
    for field in dataclasses.fields(parameters):
        label = escape(parameters.field_label(field.name, language))
        assert (
            f'<label for="id_{field.name}">{label} <small><code>{field.name}</code></small></label>' in page
        )


@pytest.mark.parametrize(
    ("language", "label"),
    [("hi", "प्रति प्रशिक्षणार्थी प्रतिदिन मानदेय"), ("en", "Honorarium per trainee per day")],
)
def test_the_change_report_names_each_figure_in_the_readers_language(language, label):
    maker = state_user()
    ruleset = draft(maker, honorarium_per_day="250")
    page = _page(maker, f"/rule-changes/{ruleset.pk}/", language)
    row = page.split('<tr class="changed">', 1)[1].split("</tr>", 1)[0]
    assert f'<th scope="row">{label} <small><code>honorarium_per_day</code></small><br>' in row
    assert "<strong>250</strong>" in row
    assert '<th scope="row"><code>' not in page


def test_a_figure_change_keeps_the_name_and_both_labels():
    before = toolkit.Parameters()
    after = toolkit.Parameters.from_dict({"honorarium_per_day": "250"})
    [row] = figure_changes(before, after, only_changed=True)
    assert (row.name, row.label_en, row.label_hi) == (
        "honorarium_per_day",
        "Honorarium per trainee per day",
        "प्रति प्रशिक्षणार्थी प्रतिदिन मानदेय",
    )
    assert (row.before, row.after) == ("200", "250")
    with override("hi"):
        assert row.label == "प्रति प्रशिक्षणार्थी प्रतिदिन मानदेय"
    with override("en"):
        assert row.label == "Honorarium per trainee per day"
