"""Writing many rows fast, for the synthetic fill (`dashboard.synthetic`): PostgreSQL's COPY, fed
CSV made straight from values, and a writer that sends each batch on a second connection in a
thread of its own while the next batch is made.

Most of a large fill's time was the database taking rows in (index entries, the deferred
foreign-key checks at commit) while Python waited, and Python making rows while the database
waited: with two cores, the two can run side by side. Elsewhere (SQLite, or inside a
transaction the caller holds, as in a test) every write happens at once on the caller's
connection, in the caller's order.
"""

import csv
import io
import json
import queue
import threading
from datetime import date, datetime

from django.db import connection, transaction


def _columns(model, *, with_pk: bool) -> list:
    """The concrete fields written, refusing a custom field type (one that encrypts, say),
    which would otherwise be stored as it is."""
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    custom = [f.name for f in fields if not type(f).__module__.startswith("django.")]
    if custom:
        raise TypeError(f"bulk copy writes Django's own field types only, not {custom} of {model.__name__}")
    return fields


def _converter(field):
    """How one column's Python value becomes its CSV text (None stays None: COPY's NULL)."""
    kind = field.get_internal_type()
    if kind == "JSONField":
        return json.dumps
    if kind in ("DateTimeField", "DateField"):
        return lambda value: value.isoformat() if isinstance(value, datetime | date) else value
    if kind == "BooleanField":
        return lambda value: "t" if value else "f"
    return None


def _csv(rows) -> io.StringIO:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NOTNULL).writerows(rows)  # None unquoted: COPY's NULL
    buffer.seek(0)
    return buffer


def _encode(fields, rows):
    converters = [_converter(f) for f in fields]
    for row in rows:
        yield [
            value if convert is None or value is None else convert(value)
            for convert, value in zip(converters, row, strict=True)
        ]


def _statement(model, fields) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    return f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"


class Writer:
    """Sends batches of COPYs, each batch in one transaction. Threaded (PostgreSQL, and not
    inside the caller's transaction), a batch is written on the thread's own connection while
    the caller goes on; at most `depth` batches wait. An error in the thread is raised in the
    caller at its next `send` or at `close`, and nothing after it is written. Otherwise each
    batch is written at once on the caller's connection."""

    def __init__(self, *, depth: int = 2):
        self.threaded = connection.vendor == "postgresql" and not connection.in_atomic_block
        self.batch: list[tuple[str, io.StringIO]] = []
        self.error: BaseException | None = None
        if self.threaded:
            self.queue: queue.Queue = queue.Queue(maxsize=depth)
            self.thread = threading.Thread(target=self._run, name="bulk-copy", daemon=True)
            self.thread.start()

    def add(self, statement: str, buffer: io.StringIO) -> None:
        if self.threaded:
            self.batch.append((statement, buffer))
        else:
            with connection.cursor() as cursor:
                cursor.copy_expert(statement, buffer)

    def send(self) -> None:
        """End the batch: it is written in one transaction."""
        self._raise()
        if self.threaded:
            self.queue.put(self.batch)
        self.batch = []

    def close(self) -> None:
        """Wait until every batch sent is written; raise what failed."""
        if self.threaded and self.thread.is_alive():
            self.queue.put(None)
            self.thread.join()
        self._raise()

    def _raise(self) -> None:
        if self.error is not None:
            raise RuntimeError("writing a batch failed") from self.error

    def _run(self) -> None:
        try:
            while (batch := self.queue.get()) is not None:
                if self.error is not None:
                    continue  # drain, so that the caller's put never blocks
                try:
                    with transaction.atomic(), connection.cursor() as cursor:
                        for statement, buffer in batch:
                            cursor.copy_expert(statement, buffer)
                except BaseException as error:  # raised again in the caller
                    self.error = error
        finally:
            connection.close()


def take_pks(model, objects: list) -> None:
    """Set primary keys on `objects` from the table's sequence, as `bulk_create` would have
    left them, so that rows made next can point at them."""
    pk = model._meta.pk
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk.column, len(objects)],
        )
        for obj, (value,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = value


def copy_rows(model, objects: list, batch_size: int, *, writer: Writer, assign_pks: bool = False) -> None:
    """Insert model instances `objects` with COPY, which skips the ORM's per-value SQL building.
    With `assign_pks`, their primary keys are taken first (`take_pks`). Values are taken as
    `bulk_create` takes them (each field's `pre_save`), except that a date an `auto_now` or
    `auto_now_add` field already holds is kept: a history's own dates, which `bulk_create`
    would stamp with the present. Elsewhere (SQLite) it is `bulk_create`, at once."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=batch_size)
        return
    if assign_pks:
        take_pks(model, objects)
    fields = _columns(model, with_pk=assign_pks)
    stamped = {
        f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }

    def values(obj):
        for f in fields:
            value = getattr(obj, f.attname) if f.attname in stamped else None
            yield f.pre_save(obj, add=True) if value is None else value

    writer.add(_statement(model, fields), _csv(_encode(fields, (list(values(o)) for o in objects))))


def copy_values(model, rows: list[dict], batch_size: int, *, writer: Writer) -> None:
    """Insert rows given as {attname: value}, without making a model instance for each: for
    the millions of events and stays of a fill. A column a row leaves out takes the field's
    default. Elsewhere (SQLite) the instances are made and `bulk_create`d."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows], batch_size=batch_size)
        return
    fields = _columns(model, with_pk=False)
    names = [f.attname for f in fields]
    defaults = {f.attname: f.get_default for f in fields}
    table = ([row[n] if n in row else defaults[n]() for n in names] for row in rows)
    writer.add(_statement(model, fields), _csv(_encode(fields, table)))
