"""Stage 4: render a `Document` as HTML → PDF/A-3b (WeasyPrint) and as XML (lxml)."""

# The output formats, in the order they are produced: the library's ``formats=`` and the
# CLI's --format choices come from here (importing this package loads no renderer).
FORMATS = ("pdf", "xml")
