"""The publications library: reports, recommendations, factsheets and briefs, each with a file
per language, a library index that filters them, and their citations (RIS, BibTeX).

Between the portal's own pages and offices in the layers (pyproject.toml): publications name an
office and Global Compact objectives; portal/models.py imports the page types from here so that
Django registers them with the portal app."""
