"""The Textual application. Imports caseworker; nothing in caseworker imports this package."""
