"""Signed documents: PAdES signatures in the signature box, from a key file or a SoftHSM2
token, B-B and B-T (a local RFC 3161 server), on single renders, `docgen sign` and
batches; `docgen verify --trust` catches tampered and untrusted signatures.

Every certificate is made here (tests/pki.py). Every signed PDF is validated with
pyHanko's own validator and `qpdf --check`.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import EXAMPLES, ISSUED, ROOT, flat, load_example, pdf_text, pdf_words
from pki import NOW, PASSPHRASE, make_pki

pytest.importorskip("pyhanko")

SOFTHSM_LIB = next((p for p in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
                                "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so") if os.path.exists(p)), None)
import datetime as _dt

SIGNING_TIME = (NOW - _dt.timedelta(hours=1)).isoformat()   # inside the test certificates' validity


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(tmp_path_factory.mktemp("pki"))


def run(*args, env=None, input=None):
    full = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "docgen.cli", *map(str, args)], capture_output=True, text=True,
                          env=full, input=input, cwd=ROOT)


def signed_env(**extra):
    return {"PASS": PASSPHRASE, **extra}


def validate(pdf: bytes, pki):
    """pyHanko's validator on the last signature, against the test CA."""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    sig = reader.embedded_signatures[-1]
    ctx = ValidationContext(trust_roots=[x509.Certificate.load(pki.ca.cert_der())], allow_fetching=False)
    return sig, validate_pdf_signature(sig, ctx, ts_validation_context=ctx)


def qpdf_ok(path: Path) -> None:
    proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No syntax or stream encoding errors" in proc.stdout


def pdfa_and_xml(pdf: bytes) -> tuple[str, str, bytes]:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        meta = doc.open_metadata()
        part, conformance = meta.get("pdfaid:part"), meta.get("pdfaid:conformance")
        files = doc.attachments
        (name,) = list(files)
        return part, conformance, files[name].get_file().read_bytes()


@pytest.fixture(scope="module")
def eio_signed(pki, tmp_path_factory):
    out = tmp_path_factory.mktemp("eio")
    proc = run("render", "mla", EXAMPLES / "mla-fr-de.json", "--to", "DE", "--out", out, "--issued", ISSUED,
               "--sign-key", pki.p12("signer"), "--passphrase-env", "PASS",
               env=signed_env(DOCGEN_SIGNING_TIME=SIGNING_TIME))
    assert proc.returncode == 0, proc.stderr
    return out


def test_signed_eio_validates_against_the_ca_and_keeps_pdfa_and_xml(eio_signed, pki):
    pdf_path = next(eio_signed.glob("*.pdf"))
    pdf = pdf_path.read_bytes()
    sig, status = validate(pdf, pki)
    assert status.intact and status.valid and status.trusted, status.summary()
    assert status.coverage.name == "ENTIRE_FILE"
    assert sig.field_name == "docgen-signature"
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"      # PAdES baseline
    qpdf_ok(pdf_path)
    part, conformance, xml = pdfa_and_xml(pdf)
    assert (part, conformance) == ("3", "B")
    assert xml == next(eio_signed.glob("*.xml")).read_bytes()


def test_signature_is_an_incremental_update_of_the_unsigned_render(eio_signed):
    import docgen

    unsigned = docgen.render(load_example("mla-fr-de.json"), "mla", issued=ISSUED).pdf
    signed = next(eio_signed.glob("*.pdf")).read_bytes()
    assert signed[:len(unsigned)] == unsigned and len(signed) > len(unsigned)


def test_stamp_sits_in_the_signature_box_with_name_and_german_date(eio_signed):
    import pikepdf

    pdf = next(eio_signed.glob("*.pdf")).read_bytes()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        (index, rect), = [(i, [float(v) for v in a.Rect]) for i, page in enumerate(doc.pages)
                          for a in page.obj.get("/Annots", []) if a.get("/FT") == "/Sig"]
        assert index == len(doc.pages) - 1 or index >= 4          # section K, at the end of the EIO
    # the box's own label ("Unterschrift") is printed just above the field, inside the same frame
    height = 842.0   # A4
    words = [(word, (x0, height - y1, x1, height - y0)) for (x0, y0, x1, y1), word in pdf_words(pdf)[index]]
    x0, y0, x1, y1 = rect
    from babel.dates import format_datetime
    when = format_datetime(_dt.datetime.fromisoformat(SIGNING_TIME), "long", tzinfo=_dt.timezone.utc, locale="de")

    def inside(box):
        return x0 <= box[0] and box[2] <= x1 and y0 <= box[1] and box[3] <= y1

    stamp = [w for w, box in words if inside(box)]
    assert any("Lefèvre" in w for w in stamp) and any(f"Datum: {when}" in w for w in stamp), (stamp, rect)
    # the box's own printed label sits just above the field, inside the same frame
    assert any(w == "Unterschrift" and x0 - 3 <= box[0] <= x1 and y1 <= box[1] <= y1 + 14 for w, box in words)
    text = flat(pdf_text(pdf))
    assert f"Procureur Marie Lefèvre Datum: {when}" in text


def test_manifest_records_signer_and_verify_with_trust_passes(eio_signed, pki):
    (entry,) = [json.loads(line) for line in (eio_signed / "manifest.jsonl").read_text().splitlines()]
    sig = entry["signature"]
    assert sig["subject"] == "CN=Procureur Marie Lefèvre,O=Parquet national cyber (test),C=FR"
    import hashlib
    assert sig["sha256"] == hashlib.sha256(pki.signer.cert_der()).hexdigest()
    assert sig["level"] == "PAdES-B-B" and sig["file"].endswith(".pdf")
    assert PASSPHRASE not in (eio_signed / "manifest.jsonl").read_text()
    proc = run("verify", eio_signed, "--trust", pki.ca_pem)
    assert proc.returncode == 0, proc.stderr
    assert "1 signed PDFs valid" in proc.stdout


def test_verify_catches_a_tampered_signed_pdf_even_with_a_fixed_up_manifest(eio_signed, pki, tmp_path):
    out = tmp_path / "t"
    shutil.copytree(eio_signed, out)
    pdf = next(out.glob("*.pdf"))
    data = bytearray(pdf.read_bytes())
    at = data.find(b"stream\n", 2000) + 40         # inside a page's content, within the signed bytes
    data[at] ^= 0x01
    pdf.write_bytes(bytes(data))
    proc = run("verify", out, "--trust", pki.ca_pem)
    assert proc.returncode == 1
    assert f"changed: {pdf.name}" in proc.stderr and f"signature broken: {pdf.name}" in proc.stderr
    # someone who also rewrites the hash in the manifest is still caught by the signature
    import hashlib
    lines = (out / "manifest.jsonl").read_text().replace(
        json.loads((out / "manifest.jsonl").read_text())["outputs"][pdf.name], hashlib.sha256(bytes(data)).hexdigest())
    (out / "manifest.jsonl").write_text(lines)
    proc = run("verify", out, "--trust", pki.ca_pem)
    assert proc.returncode == 1 and f"signature broken: {pdf.name}" in proc.stderr
    assert "changed:" not in proc.stderr


def test_verify_catches_bytes_appended_after_the_signature(eio_signed, pki, tmp_path):
    out = tmp_path / "a"
    shutil.copytree(eio_signed, out)
    pdf = next(out.glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"\n1 0 obj (appended) endobj\n")
    proc = run("verify", out, "--trust", pki.ca_pem)
    assert proc.returncode == 1 and pdf.name in proc.stderr


def test_verify_refuses_an_untrusted_signer(pki, tmp_path):
    out = tmp_path / "u"
    proc = run("render", "mla", EXAMPLES / "mla-fr-de.json", "--to", "DE", "--out", out, "--issued", ISSUED,
               "--sign-key", pki.p12("stranger"), "--passphrase-env", "PASS", env=signed_env())
    assert proc.returncode == 0, proc.stderr
    name = next(out.glob("*.pdf")).name
    proc = run("verify", out, "--trust", pki.ca_pem)
    assert proc.returncode == 1
    assert f"signature untrusted: {name}" in proc.stderr
    assert "Traceback" not in proc.stderr
    # without a trust anchor the chain is not judged, and verify says so
    proc = run("verify", out)
    assert proc.returncode == 0 and "trust not checked" in proc.stdout


@pytest.mark.parametrize("who, env, says", [
    ("signer", {"PASS": "wrong passphrase"}, "the passphrase does not open"),
    ("expired", {"PASS": PASSPHRASE}, "expired on"),
])
def test_wrong_passphrase_or_expired_certificate_is_exit_1_and_writes_nothing(pki, tmp_path, who, env, says):
    out = tmp_path / "o"
    proc = run("render", "mla", EXAMPLES / "mla-fr-de.json", "--to", "DE", "--out", out, "--issued", ISSUED,
               "--sign-key", pki.p12(who), "--passphrase-env", "PASS", env=env)
    assert proc.returncode == 1, proc.stderr
    assert says in proc.stderr and "nothing was signed" in proc.stderr
    assert env["PASS"] not in proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr
    assert not out.exists() or not any(out.iterdir())


def test_secret_is_never_an_argument_and_never_asked_without_a_terminal(pki, tmp_path):
    out = tmp_path / "o"
    proc = run("render", "mla", EXAMPLES / "mla-fr-de.json", "--to", "DE", "--out", out,
               "--sign-key", pki.p12("signer"), "--passphrase", PASSPHRASE)
    assert proc.returncode == 2                      # no such option
    proc = run("render", "mla", EXAMPLES / "mla-fr-de.json", "--to", "DE", "--out", out,
               "--sign-key", pki.p12("signer"), input="")
    assert proc.returncode == 2 and "--passphrase-env" in proc.stderr
    proc = run("render", "mla", EXAMPLES / "mla-fr-de.json", "--to", "DE", "--out", out,
               "--sign-key", pki.p12("signer"), "--passphrase-env", "DOCGEN_TEST_UNSET_VARIABLE")
    assert proc.returncode == 2 and "DOCGEN_TEST_UNSET_VARIABLE" in proc.stderr
    assert not out.exists()


def test_secret_never_in_repr_or_pickle(pki):
    import pickle

    from docgen.signing import KeyFile, Secret, Signer

    signer = Signer(KeyFile(str(pki.p12("signer"))), secret=Secret(PASSPHRASE))
    assert PASSPHRASE not in repr(signer) and PASSPHRASE not in str(signer.secret)
    assert PASSPHRASE.encode() not in pickle.dumps(signer)
    assert pickle.loads(pickle.dumps(signer)).secret is None


def test_fixed_signing_time_gives_the_same_bytes(pki, tmp_path):
    outs = []
    for i in range(2):
        out = tmp_path / f"d{i}"
        proc = run("render", "mla", EXAMPLES / "mla-fr-de.json", "--to", "DE", "--out", out, "--issued", ISSUED,
                   "--sign-key", pki.p12("signer"), "--passphrase-env", "PASS",
                   env=signed_env(DOCGEN_SIGNING_TIME=SIGNING_TIME))
        assert proc.returncode == 0, proc.stderr
        outs.append(next(out.glob("*.pdf")).read_bytes())
    assert outs[0] == outs[1]
    sig, status = validate(outs[0], pki)
    assert status.signer_reported_dt.isoformat() == SIGNING_TIME


def test_library_sign_and_render_with_signer(pki, monkeypatch):
    import docgen
    from docgen.signing import KeyFile, Signer

    monkeypatch.setenv("PASS", PASSPHRASE)
    signer = Signer(KeyFile(str(pki.p12("signer")), passphrase_env="PASS"), reason="Ersuchen", location="Paris")
    case = load_example("preservation-fr-de.json")
    rendered = docgen.render(case, "preservation", issued=ISSUED, signer=signer)
    assert rendered.signature["subject"].startswith("CN=Procureur Marie Lefèvre")
    sig, status = validate(rendered.pdf, pki)
    assert status.bottom_line
    assert sig.sig_object["/Reason"] == "Ersuchen" and sig.sig_object["/Location"] == "Paris"
    unsigned = docgen.render(case, "preservation", issued=ISSUED).pdf
    assert docgen.sign(unsigned, signer)[:len(unsigned)] == unsigned
    with pytest.raises(docgen.SigningRefused, match="already signed"):
        docgen.sign(rendered.pdf, signer)


def test_sign_command_in_place_updates_the_manifest_and_invisible_option(pki, tmp_path):
    out = tmp_path / "s"
    assert run("render", "mla", EXAMPLES / "mla-de-us.json", "--to", "US", "--out", out, "--issued", ISSUED).returncode == 0
    pdf = next(out.glob("*.pdf"))
    copy = tmp_path / "inv"
    proc = run("sign", pdf, "--key", pki.p12("signer"), "--passphrase-env", "PASS", "--invisible", "--out", copy,
               env=signed_env())
    assert proc.returncode == 0, proc.stderr
    sig, status = validate((copy / pdf.name).read_bytes(), pki)
    assert status.bottom_line and [float(v) for v in sig.sig_field["/Rect"]] == [0, 0, 0, 0]
    qpdf_ok(copy / pdf.name)
    assert run("verify", copy, "--trust", pki.ca_pem).returncode == 0
    proc = run("sign", pdf, "--key", pki.p12("signer"), "--passphrase-env", "PASS", env=signed_env())
    assert proc.returncode == 0, proc.stderr
    _, status = validate(pdf.read_bytes(), pki)
    assert status.bottom_line
    qpdf_ok(pdf)
    proc = run("verify", out, "--trust", pki.ca_pem)
    assert proc.returncode == 0, proc.stderr
    assert "2 files match" in proc.stdout and "1 signed PDFs valid" in proc.stdout
    # English letter of request (US): the date is in English
    assert "Date:" in flat(pdf_text(pdf.read_bytes()))


# ---- B-T with a local RFC 3161 time-stamping server ------------------------------------

@pytest.fixture(scope="module")
def tsa_url(pki):
    from asn1crypto import keys, tsp, x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    stamper = DummyTimeStamper(tsa_cert=x509.Certificate.load(pki.tsa.cert_der()),
                               tsa_key=keys.PrivateKeyInfo.load(pki.tsa.key_der()))
    requests_seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):   # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            requests_seen.append(self.headers.get("Content-Type"))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa", requests_seen
    server.shutdown()


def test_b_t_signature_with_a_local_time_stamping_authority(pki, tsa_url, tmp_path):
    url, seen = tsa_url
    out = tmp_path / "bt"
    proc = run("render", "mla", EXAMPLES / "mla-fr-de.json", "--to", "DE", "--out", out, "--issued", ISSUED,
               "--sign-key", pki.p12("signer"), "--passphrase-env", "PASS", "--tsa", url, env=signed_env())
    assert proc.returncode == 0, proc.stderr
    assert seen and seen[-1] == "application/timestamp-query"
    pdf = next(out.glob("*.pdf"))
    _, status = validate(pdf.read_bytes(), pki)
    assert status.bottom_line
    assert status.timestamp_validity is not None and status.timestamp_validity.valid
    assert status.timestamp_validity.trusted
    qpdf_ok(pdf)
    entry = json.loads((out / "manifest.jsonl").read_text())
    assert entry["signature"]["level"] == "PAdES-B-T"
    assert run("verify", out, "--trust", pki.ca_pem).returncode == 0


def test_unreachable_time_stamping_authority_is_exit_1_and_writes_nothing(pki, tmp_path):
    import socket

    with socket.socket() as s:          # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "x"
    proc = run("render", "mla", EXAMPLES / "mla-fr-de.json", "--to", "DE", "--out", out, "--issued", ISSUED,
               "--sign-key", pki.p12("signer"), "--passphrase-env", "PASS", "--tsa", f"http://127.0.0.1:{port}/",
               env=signed_env())
    assert proc.returncode == 1, proc.stderr
    assert "time-stamping authority" in proc.stderr
    assert not out.exists() or not list(out.glob("*.pdf"))


# ---- PKCS#11 (SoftHSM2) ---------------------------------------------------------------

@pytest.fixture(scope="module")
def softhsm(pki, tmp_path_factory):
    if SOFTHSM_LIB is None or not shutil.which("softhsm2-util") or not shutil.which("pkcs11-tool"):
        pytest.skip("SoftHSM2 and OpenSC are installed by .ci/setup (softhsm2, opensc)")
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "docgen-seal", "--so-pin", "12345678",
                    "--pin", "246810"], env=env, check=True, capture_output=True)
    (folder / "key.der").write_bytes(pki.signer.key_der())
    (folder / "cert.der").write_bytes(pki.signer.cert_der())
    for what, kind in (("key.der", "privkey"), ("cert.der", "cert")):
        subprocess.run(["pkcs11-tool", "--module", SOFTHSM_LIB, "--token-label", "docgen-seal", "--login",
                        "--pin", "246810", "--write-object", str(folder / what), "--type", kind, "--label", "seal",
                        "--id", "01"], env=env, check=True, capture_output=True)
    return {"SOFTHSM2_CONF": str(conf), "PIN": "246810"}


def token_args():
    return ["--pkcs11-lib", SOFTHSM_LIB, "--pkcs11-token", "docgen-seal", "--pkcs11-key", "seal", "--pin-env", "PIN"]


def test_render_signed_with_a_softhsm_token(pki, softhsm, tmp_path):
    out = tmp_path / "hsm"
    proc = run("render", "mla", EXAMPLES / "mla-fr-de.json", "--to", "DE", "--out", out, "--issued", ISSUED,
               *token_args(), env=softhsm)
    assert proc.returncode == 0, proc.stderr
    pdf = next(out.glob("*.pdf"))
    _, status = validate(pdf.read_bytes(), pki)
    assert status.bottom_line
    qpdf_ok(pdf)
    assert run("verify", out, "--trust", pki.ca_pem).returncode == 0


@pytest.mark.parametrize("change, says", [
    ({"PIN": "000000"}, "the PIN does not open the token"),
    ({"token": "no-such-token"}, "cannot open the PKCS#11 token 'no-such-token'"),
    ({"key": "no-such-key"}, "no key and certificate labelled 'no-such-key'"),
])
def test_wrong_pin_or_missing_token_or_key_is_exit_1(softhsm, tmp_path, change, says):
    args = token_args()
    if "token" in change:
        args[3] = change["token"]
    if "key" in change:
        args[5] = change["key"]
    env = {**softhsm, **{k: v for k, v in change.items() if k == "PIN"}}
    out = tmp_path / "o"
    proc = run("render", "mla", EXAMPLES / "mla-fr-de.json", "--to", "DE", "--out", out, *args, env=env)
    assert proc.returncode == 1, proc.stderr
    assert says in proc.stderr
    assert env["PIN"] not in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


# ---- batches --------------------------------------------------------------------------

def _victims(tmp_path: Path, n: int) -> Path:
    lines = (EXAMPLES / "victims" / "victims.jsonl").read_text(encoding="utf-8").splitlines()[:n]
    path = tmp_path / "victims.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_batch_of_victim_letters_sealed_on_two_workers_and_resumed(pki, tmp_path):
    records = _victims(tmp_path, 6)
    out = tmp_path / "sealed"
    args = ["batch", "victim-notification", records, "--case", EXAMPLES / "victims" / "case.json", "--out", out,
            "--workers", "2", "--no-progress", "--issued", ISSUED, "--sign-key", pki.p12("signer"),
            "--passphrase-env", "PASS"]
    proc = run(*args, env=signed_env())
    assert proc.returncode == 0, proc.stderr
    assert "rendered 6" in proc.stdout
    entries = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert len(entries) == 6 and all(e["signature"]["subject"].startswith("CN=Procureur") for e in entries)
    for pdf in out.glob("*.pdf"):
        _, status = validate(pdf.read_bytes(), pki)
        assert status.bottom_line, pdf.name
        qpdf_ok(pdf)
        assert "Lefèvre" in pdf_text(pdf.read_bytes())
    assert not list(out.glob(".tmp-*"))
    assert run("verify", out, "--trust", pki.ca_pem).returncode == 0
    # --resume: a lost file is rendered and sealed again, nothing else is touched
    victim = sorted(out.glob("*.pdf"))[0]
    victim.unlink()
    proc = run(*args, "--resume", env=signed_env())
    assert proc.returncode == 0 and "rendered 1" in proc.stdout and "skipped (already done) 5" in proc.stdout
    proc = run("verify", out, "--trust", pki.ca_pem)
    assert proc.returncode == 0, proc.stderr
    assert "6 signed PDFs valid" in proc.stdout


def test_batch_with_a_wrong_passphrase_stops_before_writing(pki, tmp_path):
    records = _victims(tmp_path, 2)
    out = tmp_path / "none"
    proc = run("batch", "victim-notification", records, "--case", EXAMPLES / "victims" / "case.json", "--out", out,
               "--workers", "1", "--no-progress", "--sign-key", pki.p12("signer"), "--passphrase-env", "PASS",
               env={"PASS": "nope"})
    assert proc.returncode == 1 and "the passphrase does not open" in proc.stderr
    assert not out.exists()


def test_batch_signer_sent_to_workers_is_configuration_only(pki, tmp_path, monkeypatch):
    """A typed secret reaches the spawn workers through the pool initializer only; the
    tasks carry the Signer, which pickles without it."""
    from docgen.batch import run_batch
    from docgen.signing import KeyFile, Secret, Signer

    monkeypatch.delenv("PASS", raising=False)
    signer = Signer(KeyFile(str(pki.p12("signer"))), secret=Secret(PASSPHRASE))
    report = run_batch("victim-notification", _victims(tmp_path, 2), EXAMPLES / "victims" / "case.json",
                       tmp_path / "typed", workers=1, issued=None, progress=False, signer=signer)
    assert report.rendered == 2 and report.rejected == 0
    for pdf in (tmp_path / "typed").glob("*.pdf"):
        assert validate(pdf.read_bytes(), pki)[1].bottom_line
