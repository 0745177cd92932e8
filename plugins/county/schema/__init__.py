"""The validated model of the county's data files, one module per file it describes.

- `sites`: sites.yaml (the county, its townships, and every vaccination point);
- `places`: places.yaml (the gazetteer of townships and villages);
- `schools`: schools.yaml (the schools that send the 小手拉大手 letter home);
- `geocoded`: geocoded.yaml (points found by `make geocode`);
- `common`: what more than one file uses (ids, locations with their datum, phone numbers).

Validators raise ValueError with a message in Chinese for the clerk; county/load.py adds the file
and line. Checks that need the county (townships, bounding box, today's date) read it from the
validation context.
"""
