"""Response times of the dashboard, the open-data page and the office queue.

Run it against a database filled by `python manage.py fill_synthetic_data` (DATABASE_URL as
for the portal):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/odop_bench .venv/bin/python benchmarks/dashboard.py

Each page is requested through Django's test client (the whole stack below the web server:
middleware, sessions, queries, templates) a few times to warm up, then N times; the script
prints the median, 90th and 95th percentile times and the number of queries of one request
(`--catch-up N` also times counting N waiting moves into the dashboard's summaries). It
signs in a state staff account and a district officer of the busiest district, creating them
if they are missing (user names starting with "bench.").
"""

import argparse
import html
import json
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "odop_portal.settings")

import django

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from applications.models import Application, AuditEvent  # noqa: E402
from dashboard.years import current_year  # noqa: E402
from districts.models import BankBranch, District  # noqa: E402


def _user(username: str, role: str, district=None, bank_branch=None) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"role": role, "district": district, "bank_branch": bank_branch}
    )
    return user


def _time(client: Client, url: str, *, warmup: int, requests: int) -> dict:
    for _ in range(warmup):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    # With DEBUG on every query is logged in a bounded deque; start from an empty one to count.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "median": statistics.median(times),
        "p90": times[min(len(times) - 1, round(0.9 * (len(times) - 1)))],
        "p95": times[min(len(times) - 1, round(0.95 * (len(times) - 1)))],
        "min": times[0],
        "queries": len(queries),
        "kilobytes": len(response.content) / 1024,
    }


NEXT_LINK = re.compile(r'<a href="([^"]*cursor=[^"]*)">(?:Next|आगे)')


def _page_deep(client: Client, url: str, pages: int) -> str | None:
    """The address of the page `pages` Next links after `url` (a keyset cursor), or None when
    the list ends first."""
    for _ in range(pages):
        found = NEXT_LINK.search(client.get(url).content.decode())
        if found is None:
            return None
        parts = urlsplit(html.unescape(found.group(1)))
        url = f"{parts.path}?{parts.query}"
    return url


def _explain(officer, district) -> None:
    """The plans of the office queue's first and deepest pages: both must be an index range scan
    (no sort of the district's files), whatever the depth."""
    from django.db.models import Q

    from applications import selectors

    _filters, queryset = selectors.queue_for_officer(user=officer, filters={})
    size = queryset.count()
    deep = queryset.values_list("submitted_at", "id")[max(size - 60, 0)] if size else None
    pages = [("first page", queryset)]
    if deep:
        pages.append(
            (
                f"page at file {size - 60:,} of {size:,}",
                queryset.filter(Q(submitted_at__gt=deep[0]) | Q(submitted_at=deep[0], id__gt=deep[1])),
            )
        )
    for name, page in pages:
        plan = page[:51].explain(analyze=True) if connection.vendor == "postgresql" else page[:51].explain()
        lines = plan.splitlines()
        scans = [line.strip() for line in lines if "Scan" in line or "Sort" in line]
        timing = [line.strip() for line in lines if line.startswith("Execution Time")]
        print(f"office queue, {name} ({district.name_en}): {'; '.join(scans[:3])} {' '.join(timing)}")


def _catch_up(moves: int) -> None:
    """Count the newest `moves` AuditEvents again, as a page (or the beat task) does when that
    many moves are waiting: the watermark is set back before them, the cells they touch are
    recounted from the files and the stays they ended added, all in a transaction rolled back
    afterwards (the stays would otherwise be added twice)."""
    from django.db import transaction

    from dashboard import counting
    from dashboard.models import SummaryState

    oldest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True)[moves - 1 : moves].first()
    if oldest is None:
        return
    with transaction.atomic():
        SummaryState.objects.update(event_id=oldest - 1)
        started = time.perf_counter()
        counted = counting.bring_up_to_date()
        elapsed = (time.perf_counter() - started) * 1000
        transaction.set_rollback(True)
    print(f"counting {counted.moves:,} waiting moves: {counted.cells:,} cells recounted in {elapsed:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first (default 3)")
    parser.add_argument(
        "--year", default=current_year(), help="financial year for the dashboard (default this one)"
    )
    parser.add_argument(
        "--explain", action="store_true", help="also print the office queue's query plans (first, deep page)"
    )
    parser.add_argument(
        "--catch-up",
        type=int,
        default=0,
        metavar="N",
        help="also time counting N waiting moves into the dashboard's summaries (the newest N, again)",
    )
    parser.add_argument(
        "--deep", type=int, default=40, help="also time the queues' page this many Next links in (default 40)"
    )
    parser.add_argument("--json", type=Path, help="also write each page's figures to this file")
    args = parser.parse_args()

    applications = Application.objects.count()
    if not applications:
        raise SystemExit("No applications: fill the database first (manage.py fill_synthetic_data).")
    busiest = (
        Application.objects.values("district_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["district_id"]
    )
    district = District.objects.get(pk=busiest)
    staff = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    staff.force_login(_user("bench.state", Role.STATE_STAFF))
    officer = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    officer.session_user = _user(f"bench.dic.{district.slug}", Role.DISTRICT_OFFICER, district)
    officer.force_login(officer.session_user)
    public = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    year = args.year
    pages = [
        ("dashboard, whole state", staff, f"/dashboard/?year={year}"),
        ("dashboard, one sub-scheme", staff, f"/dashboard/?year={year}&scheme=MM"),
        ("dashboard, one district", staff, f"/dashboard/?year={year}&district={district.slug}"),
        ("dashboard download (Excel, all)", staff, f"/dashboard/download/all.xlsx?year={year}"),
        ("list behind a figure", staff, f"/dashboard/applications/?stage=pending&received_in={year}"),
        ("open-data page", public, f"/dashboard/open-data/?year={year}"),
        ("open-data API, districts", public, f"/api/v1/stats/districts/?year={year}"),
        (f"office queue ({district.name_en})", officer, "/applications/office/"),
        ("office queue, newest first", officer, "/applications/office/?order=-received"),
        # Filtered pages, printed but not judged by bars.py (its queue bar is the first and deep
        # pages): one status (its own index), and a search that matches nothing, which walks
        # every file of the district.
        ("filtered queue, in scrutiny", officer, "/applications/office/?status=under_scrutiny"),
        ("filtered queue, search, no match", officer, "/applications/office/?q=QQZZQ"),
        (f"bank-wise pendency ({district.name_en})", officer, "/applications/office/banks/"),
    ]
    # The busiest branch of that district (synthetic data gives each district one).
    branch = BankBranch.objects.filter(district=district).annotate(n=Count("cases")).order_by("-n").first()
    if branch is not None:
        bank = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
        bank.force_login(_user(f"bench.bank.{branch.ifsc.lower()}", Role.BANK_OFFICER, district, branch))
        pages.append((f"bank queue ({branch.branch_name})", bank, "/applications/bank/"))
        deep_bank = _page_deep(bank, "/applications/bank/", args.deep)
        if deep_bank:
            pages.append((f"bank queue, page {args.deep + 1}", bank, deep_bank))
    deep_office = _page_deep(officer, "/applications/office/", args.deep)
    if deep_office:
        pages.append((f"office queue, page {args.deep + 1}", officer, deep_office))
    database = connection.settings_dict
    with connection.cursor() as cursor:
        version = connection.vendor
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0]}"
    print(f"database: {version} ({database['NAME']})")
    print(f"data: {applications:,} applications, {AuditEvent.objects.count():,} audit events; year {year}")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}"
    )
    print(f"{args.requests} timed requests per page after {args.warmup} to warm up\n")
    from dashboard.models import SummaryState

    state = SummaryState.objects.first()
    if state is None or state.as_of is None:
        raise SystemExit(
            "The dashboard's summaries were never counted: run manage.py rebuild_dashboard_summaries."
        )
    print(f"dashboard summaries counted {timezone.localtime(state.as_of):%d-%m-%Y %H:%M:%S} IST")
    if args.explain:
        _explain(officer.session_user, district)
        print()
    if args.catch_up:
        _catch_up(args.catch_up)
        print()
    print(f"{'page':38} {'median ms':>10} {'p90 ms':>8} {'p95 ms':>8} {'min ms':>8} {'queries':>8} {'KB':>7}")
    timed = []
    for name, client, url in pages:
        result = _time(client, url, warmup=args.warmup, requests=args.requests)
        timed.append({"page": name, "url": url, **result})
        print(
            f"{name:38} {result['median']:10.1f} {result['p90']:8.1f} {result['p95']:8.1f} {result['min']:8.1f} "
            f"{result['queries']:8d} {result['kilobytes']:7.0f}"
        )
    if args.json:
        args.json.write_text(json.dumps({"applications": applications, "pages": timed}))


if __name__ == "__main__":
    main()
