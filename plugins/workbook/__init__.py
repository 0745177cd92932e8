"""workbook: sites.yaml as a spreadsheet the health bureau's clerks edit in WPS or Excel, and back.

Not a Pelican plugin: two commands on top of the county library, like `make geocode`.
- `columns`: the sheets and their columns, and how each cell is read and compared;
- `records`: sites.yaml as ruamel's round-trip tree, changed field by field;
- `export`: `make export`, the workbook;
- `importer`: `make import FROM=…`, the workbook read back through the model.
"""
