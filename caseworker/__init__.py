"""caseworker: the domain core (models, storage, rules, CLI). Never imports textual."""

__version__ = "0.1.0"
