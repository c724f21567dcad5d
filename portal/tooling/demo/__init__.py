"""Demo content for the portal, loaded by ``manage.py load_demo``.

content.py holds the texts and facts, images.py and documents.py make the files the
pages show, and loader.py writes all of it into the database idempotently.
"""
