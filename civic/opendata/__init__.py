"""Open data: the read-only JSON API with its OpenAPI document, downloads (CSV, GeoJSON), Atom
feeds, the map of projects and the public statistics."""
