"""One module per public source: its declaration, its requests and its pure parser."""
