"""The generators of scripts/generate-types.py: one module per language, over one reading of
the core's JSON Schema (schema.py)."""
