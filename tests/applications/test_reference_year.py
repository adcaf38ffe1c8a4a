"""A reference number's financial year is the year of the submission in India, not in UTC."""

from datetime import UTC, datetime

import pytest
from django.db import transaction

from applications.services.reference import allocate_reference_number
from tests.applications.helpers import make_applicant, toolkit_draft


@pytest.mark.django_db
def test_a_file_submitted_just_after_midnight_on_1_april_in_india_takes_the_new_year():
    application = toolkit_draft(make_applicant())
    # 19:00 UTC on 31 March is 00:30 on 1 April in India: the new financial year has begun.
    application.submitted_at = datetime(2027, 3, 31, 19, 0, tzinfo=UTC)
    with transaction.atomic():
        number = allocate_reference_number(application=application)
    assert number == f"ODOP/TT/{application.district.code}/2027-28/000001"
