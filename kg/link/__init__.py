"""Linking kg's entities to other datasets: GeoNames offline, local RDF datasets, SPARQL endpoints."""
