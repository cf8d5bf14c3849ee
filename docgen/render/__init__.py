"""Stage 4: render a `Document` as HTML → PDF/A-3b (WeasyPrint) and as XML (lxml)."""
