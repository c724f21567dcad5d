"""Synthetic data at scale, for performance work: `manage.py generate_scale_data`.

`text` holds the words, in the seven languages, that generated pages and records are made of;
`generator` plans a portal from a seed (pure Python, no database) and writes the plan with bulk
inserts into an existing portal (one with a home page, such as the demo's).
"""
