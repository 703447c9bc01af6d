"""The curation that builds data/launches.csv, data/claims.csv and data/sites.csv (run `python -m tools.curation`)."""
