"""Pure transforms: spaCy components and row builders. No file, network or Prefect I/O here,
except reading reference data once when the pipeline is assembled (see `reference.py`)."""
