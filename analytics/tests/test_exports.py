import csv
import io

import pytest

from analytics.exports import csv_lines


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("-12.50", "-12.50"),  # a negative amount stays a number
        (7, "7"),
        ("Lucía", "Lucía"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_written_as_text(cell, written):
    text = "".join(csv_lines([["header"], [cell]]))

    assert text.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [
        ["header"],
        [written],
    ]
