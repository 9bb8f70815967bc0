"""okr: objectives and key results kept as YAML files in git."""

__version__ = "0.1.0"
