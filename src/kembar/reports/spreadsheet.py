"""Tables written for spreadsheets: an .xlsx workbook (one sheet per table, bold frozen
header, auto-filter, widths from the content, date cells), and a sheet as CSV that Excel
opens as it is (the list's CSV is the workbook's partnerships sheet: one set of columns).

Excel reads a CSV by the regional settings of the computer: with Indonesian ones the
list separator is ';' and the decimal sign ','; and it takes a file without a byte-order
mark for the local code page, garbling "Kraków". `excel="id"` writes UTF-8 with a BOM,
';' between fields, decimal commas and CRLF line ends; `excel="en"` the same with ','
and decimal points.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kembar.errors import InvalidInput
from kembar.reports.tables import Sheet, Value

DATE_FORMATS = {"id": "dd/mm/yyyy", "en": "yyyy-mm-dd"}
CSV_DATES = {"id": "%d/%m/%Y", "en": "%Y-%m-%d"}  # the same, as text
EXCEL = ("id", "en")
MIN_WIDTH, MAX_WIDTH = 6, 60
BOM = "\ufeff"


def _width(values: list[Value], header: str) -> float:
    longest = max(
        [len(header) + 2, *(len(v.isoformat()) if isinstance(v, date) else len(str(v)) for v in values)]
    )
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 1)))


def _sheet_title(name: str) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return "".join("-" if ch in "[]:*?/\\" else ch for ch in name)[:31]


def _write_sheet(book: Workbook, sheet: Sheet, lang: str) -> None:
    ws = book.create_sheet(_sheet_title(sheet.name))
    ws.freeze_panes = "A2"
    columns = len(sheet.headers)
    for i, header in enumerate(sheet.headers):
        sample = [row[i] for row in sheet.rows[:2000] if row[i] is not None]
        ws.column_dimensions[get_column_letter(i + 1)].width = _width(sample, header)
    bold = Font(bold=True)
    heading = []
    for header in sheet.headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        heading.append(cell)
    ws.append(heading)
    for row in sheet.rows:
        ws.append([_cell(ws, i, value, sheet, lang) for i, value in enumerate(row)])
    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{len(sheet.rows) + 1}"


def _cell(ws: Any, i: int, value: Value, sheet: Sheet, lang: str) -> Any:
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMATS.get(lang, DATE_FORMATS["en"])
        return cell
    if i == sheet.link_column and isinstance(value, str):
        cell = WriteOnlyCell(ws, value=value)
        cell.hyperlink = value
        return cell
    return value


def xlsx(sheets: list[Sheet], lang: str) -> bytes:
    """The workbook of these tables, one sheet each, in their order."""
    book = Workbook(write_only=True)
    for sheet in sheets:
        _write_sheet(book, sheet, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def check_excel(excel: str | None) -> None:
    if excel is not None and excel not in EXCEL:
        raise InvalidInput(f"excel: unknown value {excel!r}; valid: {', '.join(EXCEL)}", field="excel")


def sheet_csv(sheet: Sheet, lang: str, excel: str | None) -> str:
    """A table of the workbook as CSV: the same columns and labels, dates written as the
    workbook shows them in that language (Excel reads both as dates), for Excel with
    these regional settings if asked (else plain UTF-8 with commas)."""
    check_excel(excel)
    buffer = io.StringIO()
    delimiter, terminator = _separators(excel)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=terminator)
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow([_text(v, lang, excel) for v in row])
    return (BOM if excel else "") + buffer.getvalue()


def _separators(excel: str | None) -> tuple[str, str]:
    return (";" if excel == "id" else ","), ("\r\n" if excel else "\n")


def _text(value: Value, lang: str, excel: str | None) -> Any:
    if isinstance(value, date):
        return value.strftime(CSV_DATES.get(lang, CSV_DATES["en"]))
    return _decimal(value, excel)


def _decimal(value: Any, excel: str | None) -> Any:
    """A decimal number with the decimal sign of the regional settings."""
    if isinstance(value, float) and excel == "id":
        return repr(value).replace(".", ",")
    return value
