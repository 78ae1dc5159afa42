"""Training the quote model (``make model-quotes``): data conversion, the corpus reader, the config."""
