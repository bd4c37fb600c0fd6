"""Reading articles: files, HTML, JSON Lines -> Article (text, metadata, offsets)."""
