"""Template tag libraries of the site layer, named in TEMPLATES["OPTIONS"]["libraries"]."""
