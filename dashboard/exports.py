"""Downloads of the dashboard's tables as CSV and Excel, with the figures on the screen."""

import csv
import io
import re
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard.tables import Kind, Table, export_value

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel opens a CSV as UTF-8 (and shows Hindi) only when the file starts with a byte-order mark.
BOM = "\ufeff"


def safe_filename(*parts: str) -> str:
    return "-".join(re.sub(r"[^A-Za-z0-9_.-]+", "-", part).strip("-") for part in parts if part)


def table_lines(table: Table) -> list[list]:
    lines = [[str(column.label) for column in table.columns]]
    for row in table.all_rows():
        lines.append([export_value(row.values.get(column.key), column.kind) for column in table.columns])
    return lines


def csv_response(table: Table, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerows(table_lines(table))
    response = HttpResponse(buffer.getvalue(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(tables: Sequence[Table], filename: str) -> HttpResponse:
    """One sheet per table, named by its key; money with two decimals, days with one."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.key[:31])
        for line_number, line in enumerate(table_lines(table), start=1):
            sheet.append(line)
            if line_number == 1:
                for cell in sheet[1]:
                    cell.font = bold
        for index, column in enumerate(table.columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = 28 if column.kind == Kind.TEXT else 16
            number_format = {Kind.MONEY: "#,##0.00", Kind.DAYS: "0.0", Kind.PERCENT: "0.0"}.get(column.kind)
            if number_format:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = number_format
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(header: Sequence[str], rows: Iterable[Sequence], filename: str) -> StreamingHttpResponse:
    """A long list written as it is read, so memory does not grow with the number of rows."""
    writer = csv.writer(_Echo())

    def lines():
        yield BOM + writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response
