"""The assessment screens."""
