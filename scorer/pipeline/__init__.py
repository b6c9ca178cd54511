"""Scoring: items -> sentence analyses -> model scores -> report rows, in batches, locally or on
Dask."""
