"""The status tallies (StatusTally): counted with each move, recounted from the files on demand.

A file counts from its submission (a draft is nobody's business but the artisan's) in the
financial year it was received, India's date. Moves of one district, sub-scheme and year touch
the same rows, so each move updates its two rows in a fixed order (by status): two moves in
opposite directions wait for each other instead of deadlocking.
"""

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import TruncDate
from django.utils import timezone

from applications.models import Application, StatusTally
from applications.workflow import Status
from schemes.rules.base import financial_year


def count_move(*, application: Application, source: str, target: str) -> None:
    """Move one file from `source` to `target` in its tally. Inside the move's transaction."""
    if application.submitted_at is None or source == target:
        return
    key = {
        "district_id": application.district_id,
        "scheme_id": application.scheme_id,
        "financial_year": financial_year(timezone.localdate(application.submitted_at)),
    }
    changes = {target: 1} if source == Status.DRAFT else {source: -1, target: 1}
    for status, change in sorted(changes.items()):
        if StatusTally.objects.filter(**key, status=status).update(files=F("files") + change):
            continue
        # The first file of its cell: create the row without racing, then count it.
        StatusTally.objects.bulk_create([StatusTally(**key, status=status)], ignore_conflicts=True)
        StatusTally.objects.filter(**key, status=status).update(files=F("files") + change)


def recount() -> dict[tuple, int]:
    """The tallies as the files say they are: {(district, scheme, year, status): files}."""
    counts: dict[tuple, int] = {}
    # Grouping by the day of submission in India keeps the rows few, and the year follows.
    zone = timezone.get_default_timezone()
    rows = (
        Application.objects.filter(submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=zone))
        .values("district_id", "scheme_id", "status", "day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows.iterator(chunk_size=5000):
        key = (row["district_id"], row["scheme_id"], financial_year(row["day"]), row["status"])
        counts[key] = counts.get(key, 0) + row["n"]
    return counts


def stored() -> dict[tuple, int]:
    return {
        (t.district_id, t.scheme_id, t.financial_year, t.status): t.files
        for t in StatusTally.objects.exclude(files=0)
    }


def rebuild() -> int:
    """Replace every tally with a recount from the files; returns the number of rows."""
    counts = recount()
    with transaction.atomic():
        StatusTally.objects.all().delete()
        StatusTally.objects.bulk_create(
            [
                StatusTally(district_id=d, scheme_id=s, financial_year=y, status=st, files=n)
                for (d, s, y, st), n in counts.items()
            ],
            batch_size=5000,
        )
    return len(counts)
