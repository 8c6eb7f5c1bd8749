"""Excel in the PermenPANRB 5/2020 Formulir layout: ``excel export`` writes a workbook
(``export``), ``excel import`` reads it back cell by cell (``importer``), merges the records into the
register YAML keeping what it can of the files it changes (``merge``, ``yamlio``) and
writes them only when everything is good (``apply``). The sheet and column layout is
data (``layout``). Layer: shell; openpyxl and ruamel.yaml are
imported inside the functions that need them.
"""
