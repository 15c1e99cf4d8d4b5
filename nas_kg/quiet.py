"""Keep rdflib from printing a traceback for an ill-typed literal such as "20x6"^^xsd:integer.

rdflib logs a warning with the whole traceback when it cannot convert a literal's lexical form to a
Python value, and with no logging configured Python prints it on stderr. nas-kg reports such literals
itself, as SHACL violations with a message that names the datatype, so the warning is dropped; nothing
else rdflib logs is touched. Installed once, when the nas_kg package is imported.
"""

from __future__ import annotations

import logging

_MESSAGE = "Failed to convert Literal lexical form to value"


class IllTypedLiteralFilter(logging.Filter):
    """Drop rdflib's "Failed to convert Literal lexical form" records."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Return False for the record rdflib writes for an ill-typed literal."""
        return not str(record.msg).startswith(_MESSAGE)


def install() -> None:
    """Add the filter to rdflib's term logger (once)."""
    logger = logging.getLogger("rdflib.term")
    if not any(isinstance(f, IllTypedLiteralFilter) for f in logger.filters):
        logger.addFilter(IllTypedLiteralFilter())


install()
