"""tests/odf_cells.py: the rows and text cells of an OpenDocument sheet
as tests/sheet_import.sh writes them with python3-odf (on its Python
path)."""
from odf.table import TableRow, TableCell
from odf.text import P


def row(table, cells, **kw):
    """A row of these cells at the end of table (kw: its attributes,
    visibility="filter")."""
    tr = TableRow(**kw)
    for c in cells:
        tr.addElement(c)
    table.addElement(tr)


def text(v, **kw):
    """A cell of text v (kw: its other attributes, numberrowsspanned=3)."""
    c = TableCell(valuetype="string", **kw)
    c.addElement(P(text=v))
    return c
