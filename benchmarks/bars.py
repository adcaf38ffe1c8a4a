"""Every speed bar of the portal, measured in one run, with the figure beside each bar.

Runs, one after another on a quiet machine:

1. with `--fill N`: the database `DATABASE_URL` names (its name must contain "bench") is made
   again, migrated and filled by `manage.py fill_synthetic_data --count N`, timed as a whole,
   then `VACUUM ANALYZE`;
2. `benchmarks/load.py`: the portal and the bare-Django ceiling under gunicorn with production
   settings, interleaved (public mix, signed-in mix, whole-state dashboard, submissions with a
   Celery worker);
3. `benchmarks/dashboard.py`: the dashboard, open data and the office and bank queues, first and
   deep pages, through the whole stack below the web server;
4. `benchmarks/meeting.py`: a committee meeting of `--items` files decided and its letters made by
   two worker processes, on a database of its own (`<name>_meeting`, made again).

Each script prints its own table as it goes; this one then prints every bar, the figure it was
measured against (the worst round or page), and whether it was met. It exits 1 if any was not:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/odop_bench REDIS_URL=redis://127.0.0.1:6379/5 \\
        .venv/bin/python benchmarks/bars.py --fill 1000000
"""

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.meeting import _fresh_database  # noqa: E402 - after the path is set

FILL_BAR_SECONDS = 15 * 60


def _run(command: list[str], env: dict) -> float:
    print(f"\n$ {' '.join(command)}", flush=True)
    started = time.monotonic()
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own scripts
    return time.monotonic() - started


def _fill(count: int, env: dict) -> dict:
    _fresh_database(env["DATABASE_URL"])
    python = sys.executable
    _run([python, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    _run([python, "manage.py", "load_reference_data"], env)
    seconds = _run([python, "manage.py", "fill_synthetic_data", "--count", str(count)], env)
    # The largest resident size of any child so far: the fill's (migrate's is far smaller).
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    import psycopg2

    connection = psycopg2.connect(env["DATABASE_URL"])
    connection.autocommit = True
    with connection.cursor() as cursor:
        vacuum_started = time.monotonic()
        cursor.execute("VACUUM ANALYZE")
        vacuum = time.monotonic() - vacuum_started
    connection.close()
    print(f"VACUUM ANALYZE in {vacuum:.0f} s")
    return {"count": count, "seconds": seconds, "peak_mb": peak_kb / 1024}


def _worst(rounds: list[dict], key: str, *, highest: bool) -> float:
    values = [r[key] for r in rounds]
    return max(values) if highest else min(values)


def _bars(fill: dict | None, load: dict, pages: dict, meeting: dict) -> list[tuple[str, str, bool]]:
    mixes = load["mixes"]
    bars = []
    public = mixes["public mix"]
    ratio = _worst(public, "ratio", highest=False)
    bars.append(("public mix ≥ 20% of the ceiling's req/s (lowest round)", f"{ratio:.1%}", ratio >= 0.20))
    p95 = _worst(public, "p95", highest=True)
    bars.append(("public mix p95 < 50 ms (highest round)", f"{p95:.1f} ms", p95 < 50))
    p95 = _worst(mixes["signed-in mix"], "p95", highest=True)
    bars.append(("signed-in mix p95 < 150 ms", f"{p95:.1f} ms", p95 < 150))
    submissions = mixes.get("submissions", [])
    if submissions:
        rate = _worst(submissions, "rps", highest=False)
        errors = sum(len(r["errors"]) for r in submissions)
        bars.append(
            (
                "submissions ≥ 40 a second, 0 errors",
                f"{rate:.1f}/s, {errors} errors",
                rate >= 40 and not errors,
            )
        )
    p95 = _worst(mixes["dashboard"], "p95", highest=True)
    bars.append(("whole-state dashboard p95 < 300 ms (4 at once, gunicorn)", f"{p95:.0f} ms", p95 < 300))
    by_page = {page["page"]: page for page in pages["pages"]}
    for name in ("dashboard, whole state", "open-data page"):
        p95 = by_page[name]["p95"]
        bars.append((f"{name} p95 < 300 ms (one at a time)", f"{p95:.1f} ms", p95 < 300))
    queues = [page for page in pages["pages"] if page["page"].startswith(("office queue", "bank queue"))]
    for page in queues:
        bars.append((f"{page['page']} p95 < 30 ms", f"{page['p95']:.1f} ms", page["p95"] < 30))
    if fill is not None:
        minutes = fill["seconds"] / 60
        bars.append(
            (
                f"fill_synthetic_data --count {fill['count']:,} < 15 min",
                f"{minutes:.1f} min ({fill['peak_mb']:.0f} MB)",
                fill["seconds"] < FILL_BAR_SECONDS,
            )
        )
    letters = meeting["letters"]
    bars.append(
        (
            f"a {meeting['items']}-item meeting's decisions and letters < 60 s ({meeting['workers']} workers)",
            f"{meeting['decisions']:.1f} s decisions, {letters:.1f} s letters",
            letters < 60 and meeting["decisions"] < 60,
        )
    )
    return bars


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--fill", type=int, default=0, metavar="N", help="make the database again with N files"
    )
    parser.add_argument("--seconds", type=float, default=8, help="load.py: length of each measurement")
    parser.add_argument("--rounds", type=int, default=3, help="load.py: interleaved rounds")
    parser.add_argument("--submissions", type=int, default=200, help="load.py: drafts a round")
    parser.add_argument("--items", type=int, default=500, help="meeting.py: files on the agenda")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("Set DATABASE_URL (a PostgreSQL database named *bench*) and REDIS_URL.")
    env = {**os.environ}
    python = sys.executable
    out = Path(tempfile.mkdtemp(prefix="odop-bars-"))
    started = time.monotonic()
    fill = _fill(args.fill, env) if args.fill else None
    _run(
        [python, "benchmarks/load.py", "--seconds", str(args.seconds), "--rounds", str(args.rounds),
         "--connections", "4", "--submissions", str(args.submissions), "--json", str(out / "load.json")],
        env,
    )  # fmt: skip
    _run([python, "benchmarks/dashboard.py", "--json", str(out / "dashboard.json")], env)
    meeting_url = url.rsplit("/", 1)[0] + "/" + urlparse(url).path.lstrip("/") + "_meeting"
    _run(
        [python, "benchmarks/meeting.py", "--items", str(args.items), "--workers", "2",
         "--json", str(out / "meeting.json")],
        {**env, "DATABASE_URL": meeting_url},
    )  # fmt: skip
    load = json.loads((out / "load.json").read_text())
    pages = json.loads((out / "dashboard.json").read_text())
    meeting = json.loads((out / "meeting.json").read_text())
    bars = _bars(fill, load, pages, meeting)

    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}, Python {platform.python_version()}"
    )
    print(
        f"{load['applications']:,} applications; the whole run took {(time.monotonic() - started) / 60:.1f} min"
    )
    width = max(len(bar) for bar, _figure, _met in bars)
    print(f"\n{'bar':{width}}  {'measured':>34}  met")
    for bar, figure, met in bars:
        print(f"{bar:{width}}  {figure:>34}  {'yes' if met else 'NO'}")
    sys.exit(0 if all(met for _bar, _figure, met in bars) else 1)


if __name__ == "__main__":
    main()
