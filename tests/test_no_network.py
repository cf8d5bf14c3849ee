"""Rendering cannot reach out: hostile text in every free-text field of every example,
rendered to PDF while an HTTP server on 127.0.0.1 watches. It must see no request.

A control proves the watcher works: WeasyPrint with its *default* fetcher, given the same
markup as HTML, does hit the server; docgen's fetcher, given that markup raw, refuses it.
"""
from __future__ import annotations

import http.server
import sys
import threading
from pathlib import Path

import pytest
from lxml import etree, html as lxml_html

sys.path.insert(0, str(Path(__file__).resolve().parent / "hostile"))
from hostile_cases import ISSUED, examples, hostile_texts, hostile_variant, short_hostile  # noqa: E402

EXAMPLES = examples()


class _Watcher(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self):  # noqa: N802
        type(self).seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    do_POST = do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    _Watcher.seen = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Watcher)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv.server_address[1], _Watcher.seen
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def rendered(server):
    """Every example with hostile text in every field that stays valid, rendered once."""
    from docgen.pipeline import render
    from docgen.render.pdf import refused_urls

    port, _ = server
    out = {}
    refused_before = len(refused_urls())
    for name, kind, case in EXAMPLES:
        variant, carried = hostile_variant(case, kind, hostile_texts(port), short=short_hostile(port))
        # annexes={}: the annex PDFs are not hostile text (their titles in the index are)
        out[name] = (variant, carried, render(variant, kind, issued=ISSUED, annexes={}))
    out["_refused"] = refused_urls()[refused_before:]
    return out


def test_watcher_sees_a_default_weasyprint_fetch(server):
    """Control: the server is reachable and counts requests (WeasyPrint's own fetcher, not docgen's)."""
    from weasyprint import HTML

    port, seen = server
    before = len(seen)
    HTML(string=f'<link rel="stylesheet" href="http://127.0.0.1:{port}/control.css"><p>x</p>').write_pdf()
    assert len(seen) > before
    del seen[before:]


def test_docgen_fetcher_refuses_raw_hostile_markup(server):
    """Even if hostile text reached the renderer as markup, docgen's fetcher would refuse every URL."""
    from docgen.render.pdf import refused_urls, render_pdf
    import datetime as dt

    port, seen = server
    before = len(seen)
    pdf = render_pdf("<html><body>" + hostile_texts(port)[0] + "</body></html>", issued=dt.date(2026, 11, 23))
    assert pdf.startswith(b"%PDF-")
    assert len(seen) == before, seen[before:]
    refused = refused_urls()
    assert any(f"127.0.0.1:{port}" in u for u in refused)


@pytest.mark.parametrize("name", [e[0] for e in EXAMPLES])
def test_hostile_text_renders_with_no_request(server, rendered, name):
    port, seen = server
    variant, carried, result = rendered[name]
    assert len(carried) >= 5, "too few fields carry hostile text to prove anything"
    assert result.pdf.startswith(b"%PDF-") and result.xml.startswith(b"<?xml")
    # no request from any render of this module so far (the control test clears its own)
    assert [s for s in seen if "control" not in s] == []


@pytest.mark.parametrize("name", [e[0] for e in EXAMPLES])
def test_hostile_text_stays_text_in_html(rendered, name):
    """Autoescaping: the HTML has only the template's own elements; the hostile markup is text."""
    _, _, result = rendered[name]
    tree = lxml_html.fromstring(result.html)
    for tag in ("img", "link", "script", "iframe", "object", "svg", "image"):
        assert tree.findall(f".//{tag}") == [], tag
    styles = tree.findall(".//style")
    assert len(styles) == 1 and "127.0.0.1" not in styles[0].text_content()
    assert "&lt;img src=" in result.html
    assert "{{ 7*7 }}" in tree.text_content()   # never evaluated as a template


@pytest.mark.parametrize("name", [e[0] for e in EXAMPLES])
def test_hostile_text_stays_text_in_xml(rendered, name):
    _, _, result = rendered[name]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(result.xml, parser)
    assert root.getroottree().docinfo.doctype == ""
    texts = " ".join(root.itertext())
    assert '<img src="http://127.0.0.1:' in texts and "<!ENTITY e SYSTEM" in texts
    assert b"<!ENTITY" not in result.xml and b"<img" not in result.xml


def test_no_url_was_even_attempted(rendered):
    """Escaped text is never a URL: the renders of hostile cases asked docgen's fetcher for nothing."""
    assert rendered["_refused"] == []
