"""Reading the corpus: files -> decoded documents -> items (the units a reader sees)."""
