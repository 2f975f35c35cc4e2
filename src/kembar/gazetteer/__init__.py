"""Name -> place resolution: countries, GeoNames cities, ISO 3166-2 subdivisions, curated data."""
