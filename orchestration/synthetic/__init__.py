"""Generators of synthetic input files, marked so the pipeline can tell them from published ones."""
