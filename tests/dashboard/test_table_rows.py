"""A dashboard table's rows, written by the `table_rows` tag: every value and address escaped,
the first cell a row header, numbers right-aligned, and an empty table says so."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from dashboard.tables import SMALL, Column, Kind, Row, Table


def _table(rows):
    columns = [Column("name", "Name"), Column("files", "Files", Kind.COUNT)]
    return Table(key="t", title="Title", columns=columns, rows=rows)


def test_values_addresses_and_classes_are_escaped():
    row = Row(
        values={"name": '<script>alert("x")</script>', "files": 1234567},
        links={"files": '/list/?q="><img src=x>'},
        css='odd" onclick="x',
    )
    html = render_to_string("dashboard/_table.html", {"table": _table([row, Row(values={"files": SMALL})])})
    assert "<script>" not in html and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert '<a href="/list/?q=&quot;&gt;&lt;img src=x&gt;">12,34,567</a>' in html
    assert '<tr class="odd&quot; onclick=&quot;x">' in html
    assert '<th scope="row">&lt;script&gt;' in html
    assert '<td class="num">&lt;5</td>' in html


def test_safe_values_are_kept_and_an_empty_table_says_so():
    row = Row(values={"name": mark_safe("<em>Agra</em>"), "files": 0})
    html = render_to_string("dashboard/_table.html", {"table": _table([row])})
    assert '<th scope="row"><em>Agra</em></th><td class="num">0</td>' in html
    assert "Nothing to show." in render_to_string("dashboard/_table.html", {"table": _table([])})
