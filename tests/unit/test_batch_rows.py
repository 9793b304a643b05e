"""advisor/batch/rows.py: reading survey exports row by row, and every way a file or a row can be wrong."""

from __future__ import annotations

import io
import tracemalloc
from typing import Any

import pytest

from advisor.batch import BatchError
from advisor.batch.rows import MAX_ROW_BYTES, BadRow, Row, read_rows, sniff_delimiter


def rows_of(data: bytes, **options: Any) -> tuple[Any, list[Row | BadRow]]:
    reader = read_rows(io.BytesIO(data), "in.csv", **options)
    return reader, list(reader)


def cells(items: list[Row | BadRow]) -> list[Any]:
    return [(item.line, item.cells) if isinstance(item, Row) else (item.line, "bad", item.problem) for item in items]


def test_a_google_forms_export_with_bom_crlf_quotes_and_a_cell_over_two_lines() -> None:
    data = ('\ufeffTimestamp,Company,"Teams, besides sales"\r\n'
            '11/2/2026 9:13:24,Acme,"Marketing, Product"\r\n'
            '11/2/2026 9:20:00,"Bo ""Big"" Co","Line one\r\nline two"\r\n'
            '\r\n'
            ',,\r\n'
            '11/2/2026 9:30:00,Cy,\r\n').encode()
    reader, items = rows_of(data)
    assert reader.header == ("Timestamp", "Company", "Teams, besides sales")
    assert reader.delimiter == ","
    assert cells(items) == [(2, ["11/2/2026 9:13:24", "Acme", "Marketing, Product"]),
                            (3, ["11/2/2026 9:20:00", 'Bo "Big" Co', "Line one\r\nline two"]),
                            (7, ["11/2/2026 9:30:00", "Cy", ""])]  # blank lines and ",," skipped, lines counted


@pytest.mark.parametrize(("header", "expected"), [
    ("a,b,c", ","), ("a;b;c", ";"), ("a\tb\tc", "\t"), ("a|b|c", "|"),
    ('"x; y",b,c', ","),  # a ; inside a quoted title is not a delimiter
    ("a;b,c;d", ";"), ("only", ","),
])
def test_the_delimiter_is_the_one_that_splits_the_header_most(header: str, expected: str) -> None:
    assert sniff_delimiter(header) == expected


def test_a_declared_delimiter_wins_and_the_guess_is_kept_for_hints() -> None:
    reader, items = rows_of(b"a;b\n1;2\n", delimiter=",")
    assert reader.header == ("a;b",) and reader.guess == ";"
    assert cells(items) == [(2, ["1;2"])]


def test_a_row_with_the_wrong_number_of_cells_is_rejected_and_reading_goes_on() -> None:
    _, items = rows_of(b"a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n1,2,3\n")
    assert cells(items) == [
        (2, "bad", "expected 3 cells, one per column of the header, found 2 (a delimiter inside a cell that is not "
                   "quoted?)"),
        (3, "bad", "expected 3 cells, one per column of the header, found 4 (a delimiter inside a cell that is not "
                   "quoted?)"),
        (4, ["1", "2", "3"]),  # trailing empty cells are what spreadsheets leave
        (5, ["1", "2", "3"])]
    assert items[0].raw == ["1", "2"]  # kept for the rejects file, as it was


def test_a_row_that_is_not_utf8_is_rejected_with_its_byte_and_column() -> None:
    _, items = rows_of("a,b\ncafé,1\n".encode("latin-1") + b"ok,2\n")
    assert cells(items) == [(2, "bad", "not UTF-8 text (byte 0xE9 at column 4)"), (3, ["ok", "2"])]


def test_a_nul_in_a_row_is_a_rejected_row() -> None:
    _, items = rows_of(b"a,b\n1,\x002\n3,4\n")
    assert cells(items) == [(2, "bad", "the line holds a NUL character: a binary file, or a damaged export"),
                            (3, ["3", "4"])]


def test_the_line_limit_is_a_setting_and_a_longer_line_is_skipped_not_read() -> None:
    data = b"a,b\n" + b"x" * 500 + b",1\nok,2\n"
    _, items = rows_of(data, max_row_bytes=100)
    assert cells(items) == [(2, "bad", "the line is longer than 100 bytes: skipped without reading it "
                                       "(--max-row-bytes raises the limit)"), (3, ["ok", "2"])]


def test_a_row_whose_cell_spans_lines_is_limited_as_a_whole() -> None:
    data = b'a,b\n"' + b"x\n" * 80 + b'",1\nok,2\n'
    _, items = rows_of(data, max_row_bytes=100)
    assert isinstance(items[0], BadRow) and "the row (a cell spanning several lines) is longer than 100 bytes" \
        in items[0].problem
    assert cells(items)[-1][1] == ["ok", "2"]


class EndlessLine(io.RawIOBase):
    """A header, one line of ``size`` bytes made on the fly, then a good row: nothing holds the long line."""

    def __init__(self, size: int) -> None:
        self.parts = [b"a,b\n"]
        self.left = size
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.parts:
            chunk = self.parts.pop(0)
        elif self.left:
            chunk = b"y" * min(self.left, len(buffer))
            self.left -= len(chunk)
        elif not self.done:
            chunk, self.done = b"\nok,2\n", True
        else:
            return 0
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_a_line_over_the_default_limit_is_refused_without_being_held_in_memory() -> None:
    size = 64 * MAX_ROW_BYTES  # 64 MiB, never in memory at once: a gigabyte would behave the same
    tracemalloc.start()
    try:
        reader = read_rows(io.BufferedReader(EndlessLine(size)), "big.csv")
        items = list(reader)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert cells(items) == [(2, "bad", "the line is longer than 1 MiB: skipped without reading it "
                                       "(--max-row-bytes raises the limit)"), (3, ["ok", "2"])]
    assert peak < 4 * MAX_ROW_BYTES, peak  # the limit and the read buffer, not the line
    assert reader.lines.offset == size + 10


@pytest.mark.parametrize(("data", "message"), [
    (b"", "in.csv: the file is empty: expected a header line naming the columns, then one row per respondent"),
    (b"\n1,2\n", "in.csv:1:1: the first line is blank: expected a header line naming the columns"),
    (b"PK\x03\x04\x14\x00", "in.csv: this is a spreadsheet (.xlsx) or another zip file, not CSV: export the sheet "
                            "as CSV"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1", "in.csv: this is an Excel workbook (.xls), not CSV: export the sheet as CSV"),
    (b"%PDF-1.7\n", "in.csv: this is a PDF, not CSV"),
    ("a,b\n".encode("utf-16"), "in.csv: this is UTF-16 text: save it as CSV UTF-8"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "in.csv: this is an image, not CSV"),
    (b"a,b\x00,c\n", "in.csv:1:1: this is not a text file (it holds NUL bytes): expected CSV"),
    (b'{"a": 1}\n', "in.csv:1:1: this looks like JSON, not CSV: for one JSON object per line, name the file .jsonl"),
    ("Empresa,Año\n".encode("latin-1"), "in.csv:1:1: not UTF-8 text (byte 0xF1 at column 10) (save the file as "
                                        "CSV UTF-8)"),
])
def test_a_file_that_is_not_a_csv_export_at_all_is_refused_before_any_row(data: bytes, message: str) -> None:
    with pytest.raises(BatchError) as caught:
        read_rows(io.BytesIO(data), "in.csv")
    assert [str(d) for d in caught.value.diagnostics] == [message]


def test_a_header_line_over_the_limit_stops_the_run() -> None:
    with pytest.raises(BatchError) as caught:
        read_rows(io.BytesIO(b"a" * 200 + b"\n1\n"), "in.csv", max_row_bytes=100)
    assert "the line is longer than 100 bytes" in str(caught.value)


# -- JSON Lines ---------------------------------------------------------------------------------------

def jsonl(data: bytes, **options: Any) -> list[Row | BadRow]:
    return list(read_rows(io.BytesIO(data), "in.jsonl", jsonl=True, **options))


def test_json_lines_one_object_a_line_each_bad_line_a_rejected_row() -> None:
    data = (b'{"q": "Yes", "n": 3, "teams": ["Marketing"]}\n'
            b'\n'
            b'{"q": broken\n'
            b'[1, 2]\n'
            b'{"q": 1, "q": 2}\n'
            b'{"n": NaN}\n'
            b'{"n": ' + b"9" * 5000 + b'}\n'
            b'{"q": "No"}\r\n')
    items = jsonl(data)
    assert cells(items) == [
        (1, {"q": "Yes", "n": 3, "teams": ["Marketing"]}),
        (3, "bad", "not a JSON object: the JSON breaks at column 7"),
        (4, "bad", "expected a JSON object on each line, found another JSON value"),
        (5, "bad", "the key `q` appears twice in the object"),
        (6, "bad", "a JSON object that cannot be read (a number too long, NaN, or nesting too deep)"),
        (7, "bad", "a JSON object that cannot be read (a number too long, NaN, or nesting too deep)"),
        (8, {"q": "No"})]
    assert items[1].raw == '{"q": broken'  # the line as it was, for the rejects file


def test_json_lines_empty_or_blank_is_refused() -> None:
    for data in (b"", b"\n\n  \n"):
        with pytest.raises(BatchError, match="empty"):
            jsonl(data)


def test_json_lines_a_long_line_is_a_rejected_row() -> None:
    items = jsonl(b'{"a": "' + b"x" * 300 + b'"}\n{"a": "ok"}\n', max_row_bytes=100)
    assert cells(items) == [(1, "bad", "the line is longer than 100 bytes: skipped without reading it "
                                       "(--max-row-bytes raises the limit)"), (2, {"a": "ok"})]
