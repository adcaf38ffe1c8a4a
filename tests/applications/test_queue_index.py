"""The office queue's keyset pages can be read in order from an index, at any depth."""

import pytest
from django.db import connection, transaction
from django.db.models import Q

from applications import selectors
from tests.applications.helpers import make_applicant, officer, submitted_toolkit


def _plan(queryset) -> str:
    # With sorting priced out, the planner sorts only if no index gives the order: a plan
    # without a Sort node proves an index serves the filter and the order together.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["received", "-received", "due"])
def test_every_queue_ordering_is_an_index_range_scan(postgres, ordering):
    dic = officer()
    for seed in range(3):
        submitted_toolkit(make_applicant(seed=seed))
    _filters, queryset = selectors.queue_for_officer(user=dic, filters={}, ordering=ordering)
    first = _plan(queryset[:51])
    last = queryset.values_list("submitted_at", "id").last()
    deep = _plan(queryset.filter(Q(submitted_at__gt=last[0]) | Q(submitted_at=last[0], id__gt=last[1]))[:51])
    for plan in (first, deep):
        assert "Sort" not in plan, plan
        index = "app_queue_due" if ordering == "due" else "app_queue_received"
        assert index in plan, plan
