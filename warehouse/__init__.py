"""Storage: the Parquet lake (write, stage, publish), the DuckDB warehouse and data quality."""
