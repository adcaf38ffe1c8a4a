"""What the pages put first and how they say it: error summaries, the office queue and file,
document thumbnails, words instead of codes."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import Document
from applications.services.submission import upload_document
from tests.applications.helpers import (
    make_applicant,
    officer,
    owner_access,
    submitted_toolkit,
    toolkit_draft,
    under_scrutiny,
)
from tests.applications.test_pages import MATRIX, WHO, _login, _status
from tests.browser.test_application_journey import minimal_pdf


@pytest.mark.django_db
def test_profile_errors_are_summarised_at_the_top_with_links(client):
    applicant = make_applicant(seed=71)
    client.force_login(applicant.user)
    client.cookies["django_language"] = "hi"
    response = client.post(reverse("applications:profile"), {"full_name": "", "pincode": "12"})
    html = response.content.decode()
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert html.index('class="error-summary"') < html.index('name="full_name"')
    assert 'href="#id_full_name"' in summary and 'href="#id_pincode"' in summary
    assert "कुछ ठीक करना है" in summary
    # The postal address is "पता", not the scheme page's "वेब पता".
    assert re.search(r'<label for="id_address">पता</label>', html)


@pytest.mark.django_db
def test_queue_counts_only_the_stages_that_hold_files(client):
    submitted_toolkit(seed=72)
    client.force_login(officer())
    client.cookies["django_language"] = "en"
    response = client.get(reverse("applications:queue"))
    assert [(value, n) for value, _label, n in response.context["counts"]] == [("submitted", 1)]
    html = response.content.decode()
    # The filters are folded (one line) above the list; nothing else comes before the files.
    assert html.index('<details class="queue-filter-fold">') < html.index("<table")
    filtered = client.get(reverse("applications:queue"), {"status": "submitted"}).content.decode()
    assert '<details class="queue-filter-fold" open>' in filtered


@pytest.mark.django_db
def test_file_puts_the_actions_first_and_the_history_in_words(client):
    dic = officer()
    application = under_scrutiny(submitted_toolkit(seed=73), dic)
    client.force_login(dic)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("applications:office_file", args=[application.pk])).content.decode()
    assert html.index('id="actions"') < html.index("Applicant</h2>") < html.index("History</h2>")
    assert "Taken up for scrutiny" in html and "take_up" not in html and "submit (draft" not in html
    assert "<object" not in html  # no inline PDF viewers (black boxes on phones)
    assert html.count('id="id_reason"') == 0 and html.count('id="return_reason"') == 1


THUMBNAIL = {**MATRIX["document_file"]}


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
def test_thumbnail_is_checked_like_the_document(client, who, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = submitted_toolkit(seed=74)
    document = application.documents.first()
    with open(document.file.path, "wb") as handle:  # a PDF poppler can draw
        handle.write(minimal_pdf())
    _login(client, who, application)
    response = client.get(reverse("applications:document_thumbnail", args=[document.pk]))
    assert _status(response) == THUMBNAIL[who]


@pytest.mark.django_db
def test_thumbnail_is_the_first_page_drawn_once(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    application = toolkit_draft(make_applicant(seed=75))
    document = upload_document(
        application_id=application.pk,
        code=application.scheme.documents.first().code,
        upload=SimpleUploadedFile("paper.pdf", minimal_pdf(), content_type="application/pdf"),
        user=application.applicant.user,
        access=owner_access(application),
    )
    client.force_login(application.applicant.user)
    url = reverse("applications:document_thumbnail", args=[document.pk])
    first = client.get(url)
    assert first.status_code == 200 and first["Content-Type"] == "image/png"
    assert first.content.startswith(b"\x89PNG")
    cached = list((tmp_path / "thumbnails").iterdir())
    assert [p.name for p in cached] == [f"{document.pk}-{document.sha256[:16]}.png"]
    assert client.get(url).content == first.content
    # A PDF poppler cannot draw gets no picture (the page links the PDF itself).
    broken = Document.objects.filter(application=application).exclude(pk=document.pk).first()
    assert client.get(reverse("applications:document_thumbnail", args=[broken.pk])).status_code == 404


def _target(district_slug: str, code: str, physical: int):
    from django.utils import timezone

    from districts.models import District
    from schemes.models import Scheme, Target
    from schemes.rules.base import financial_year

    return Target.objects.create(
        district=District.objects.get(slug=district_slug),
        scheme=Scheme.objects.get(code=code),
        financial_year=financial_year(timezone.localdate()),
        physical=physical,
        financial=0,
    )


@pytest.mark.django_db
def test_district_page_lists_the_schemes_open_there_and_applies_in_one_tap(client):
    _target("agra", "TT", 0)  # a target of 0 closes intake for the sub-scheme
    url = reverse("districts:district_detail", args=["agra"])
    client.cookies["django_language"] = "en"
    html = client.get(url).content.decode()
    start_tt = reverse("applications:start", args=["training-and-toolkit"])
    start_mm = reverse("applications:start", args=["margin-money"])
    assert f'href="{start_mm}"' in html and start_tt not in html
    assert "has met its target of 0 beneficiaries" in html
    assert reverse("schemes:detail", args=["training-and-toolkit"]) in html
    # A signed-in artisan of Agra starts the draft with one tap (a form posting to start).
    applicant = make_applicant(seed=76)
    client.force_login(applicant.user)
    html = client.get(url).content.decode()
    assert f'<form method="post" action="{start_mm}">' in html
    response = client.post(start_mm)
    assert response.status_code == 302 and "/step/" in response["Location"]
    assert applicant.applications.filter(scheme__code="MM", status="draft").count() == 1
    # The product page leads to each district's list.
    product = applicant.district.products.first()
    html = client.get(reverse("districts:product_detail", args=[product.slug])).content.decode()
    assert f"{url}#intake-agra" in html
    # An artisan of a district that makes the product applies from the product page itself.
    assert f'<form method="post" action="{start_mm}">' in html
    client.logout()
    html = client.get(reverse("districts:product_detail", args=[product.slug])).content.decode()
    assert start_mm not in html


@pytest.mark.django_db
@pytest.mark.parametrize("approved", [0, 3])
def test_intake_runs_a_fixed_number_of_queries(django_assert_num_queries, approved):
    from applications.selectors import intake_for_district
    from districts.models import District

    _target("agra", "TT", 2)
    from django.utils import timezone

    from applications.models import Application

    decided = [submitted_toolkit(seed=300 + seed).pk for seed in range(approved)]
    # Only the query count is under test here: the decision date is all the count reads.
    Application.objects.filter(pk__in=decided).update(closed_at=timezone.now())
    district = District.objects.get(slug="agra")
    with django_assert_num_queries(3):  # targets, approvals per scheme, schemes
        intake = intake_for_district(district_id=district.pk)
    by_code = {row.scheme.code: row for row in intake}
    assert by_code["TT"].is_open is (approved < 2) and by_code["MM"].is_open is True


@pytest.mark.django_db
def test_queue_filter_names_the_sub_schemes_in_hindi(client):
    client.force_login(officer())
    client.cookies["django_language"] = "hi"
    html = client.get(reverse("applications:queue")).content.decode()
    select = re.search(r'<select name="scheme".*?</select>', html, re.S).group(0)
    assert "प्रशिक्षण एवं टूलकिट" in select and "Training and Toolkit" not in select
