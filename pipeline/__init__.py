"""Political text analysis: documents in, entities, dates and stances out as CSV."""

__version__ = "0.1.0"
