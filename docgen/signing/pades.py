"""PAdES signatures on finished docgen PDFs, with pyHanko.

The signature is an incremental update appended to the PDF/A-3b exactly as it was
rendered: the original bytes stay the first bytes of the signed file, so the archival
markers, the XMP metadata and the embedded XML are untouched. Baseline B-B offline;
B-T when a time-stamping authority is given. The visible stamp fills the empty field
that the render stage placed in the document's signature box (`render/sigfield.py`),
with the signer's name and the signing time in the document's own language.

Signing time: now, unless ``DOCGEN_SIGNING_TIME`` (ISO 8601 with a zone) is set. That
variable is for reproducible tests only; a real signature must carry the real time.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import random
from dataclasses import dataclass
from functools import cache

from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.stamp import TextStampStyle

from ..render.sigfield import FIELD_NAME
from .keys import Signer, SigningRefused, common_name, identity_of, load

SIGNING_TIME_ENV = "DOCGEN_SIGNING_TIME"
INVISIBLE_FIELD = "docgen-signature-invisible"
STAMP_FONT_SIZE = 8


@dataclass(frozen=True)
class Signed:
    """A signed PDF and what the manifest records about its signature."""
    pdf: bytes
    facts: dict


def signing_time() -> dt.datetime:
    fixed = os.environ.get(SIGNING_TIME_ENV)
    if not fixed:
        return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        when = dt.datetime.fromisoformat(fixed)
    except ValueError:
        raise SigningRefused(f"{SIGNING_TIME_ENV}={fixed!r} is not an ISO 8601 date and time") from None
    if when.tzinfo is None:
        raise SigningRefused(f"{SIGNING_TIME_ENV} needs a time zone (e.g. 2026-11-23T10:00:00+00:00)")
    return when


def sign_pdf(pdf: bytes, signer: Signer) -> Signed:
    """Sign ``pdf`` (a docgen PDF) as ``signer`` says. Raises `SigningRefused`."""
    when = signing_time()
    hanko = load(signer, at=when)
    seed = b"|".join((hashlib.sha256(pdf).digest(), hanko.signing_cert.sha256, when.isoformat().encode(),
                      str(signer.visible).encode()))
    try:
        writer = _ArchivalWriter(io.BytesIO(pdf), id_seed=seed, strict=False)
    except (PdfReadError, ValueError) as exc:
        raise SigningRefused(f"not a readable PDF: {exc}") from None
    lang = _document_language(writer)
    state = {name: value for name, value, _ in fields.enumerate_sig_fields(writer.prev, filled_status=None)}
    if signer.visible:
        if FIELD_NAME not in state:
            raise SigningRefused("the PDF has no docgen signature box (sign it with --invisible, "
                                 "or render it again with this docgen)")
        field_name = FIELD_NAME
    else:
        field_name = INVISIBLE_FIELD
    if state.get(field_name) is not None:
        raise SigningRefused("the document is already signed")
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=signer.reason, location=signer.location, name=common_name(hanko.signing_cert))
    timestamper = None
    if signer.tsa:
        from pyhanko.sign.timestamps import HTTPTimeStamper
        timestamper = HTTPTimeStamper(signer.tsa, timeout=30)
    pdf_signer = _FixedTimeSigner(when, meta, signer=hanko, timestamper=timestamper,
                                  stamp_style=_stamp_style(lang) if signer.visible else None,
                                  new_field_spec=None if signer.visible else
                                  fields.SigFieldSpec(sig_field_name=INVISIBLE_FIELD))
    params = {"name": common_name(hanko.signing_cert), "when": _format_time(when, lang),
              "date_label": _date_label(lang)}
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(writer, output=out, appearance_text_params=params)
    except SigningError as exc:
        raise SigningRefused(f"pyHanko refused to sign: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - TSA and token failures come in many types
        if signer.tsa and _is_network_error(exc):
            raise SigningRefused(f"the time-stamping authority {signer.tsa} did not answer "
                                 f"({type(exc).__name__}); nothing was signed") from None
        raise
    ident = identity_of(hanko.signing_cert)
    facts = {"level": signer.level, "subject": ident.subject, "sha256": ident.sha256,
             "time": when.isoformat(), "field": field_name}
    return Signed(out.getvalue(), facts)


def _is_network_error(exc: Exception) -> bool:
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(names & {"RequestException", "ConnectionError", "Timeout", "TimestampRequestError", "OSError"})


def _document_language(writer) -> str:
    lang = writer.root.get("/Lang")
    return str(lang).split("-")[0].lower() if lang else "en"


def _format_time(when: dt.datetime, lang: str) -> str:
    from babel.dates import format_datetime

    try:
        return format_datetime(when, "long", tzinfo=dt.timezone.utc, locale=lang)
    except Exception:  # noqa: BLE001 - a language CLDR lacks: ISO format rather than another language
        return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def _date_label(lang: str) -> str:
    from ..i18n import Texts

    try:
        return Texts(lang, ("common",))("doc.date")
    except Exception:  # noqa: BLE001 - a PDF in a language docgen has no catalogue for
        return "Date"


@cache
def _font_path(lang: str) -> str:
    """An embeddable font for the stamp (PDF/A wants every font embedded): the Noto face
    the document itself uses."""
    import subprocess

    family = "Noto Sans CJK JP" if lang == "ja" else "Noto Sans"
    try:
        path = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        path = ""
    if not path or not os.path.isfile(path):
        raise SigningRefused(f"no font file for {family!r} to draw the signature stamp (apt-get install fonts-noto-core)")
    return path


def _stamp_style(lang: str):
    return TextStampStyle(stamp_text="%(name)s\n%(date_label)s: %(when)s",
                          text_box_style=TextBoxStyle(font=_font_factory(lang), font_size=STAMP_FONT_SIZE),
                          border_width=0, background=None)


def _font_factory(lang: str):
    return _StampFontFactory(font_file=_font_path(lang), font_size=STAMP_FONT_SIZE)


class _StampFontFactory(GlyphAccumulatorFactory):
    """pyHanko's font subsetter, made reproducible and faster: the subset font keeps the
    original's head.modified (fontTools would stamp the wall clock into it), and the font
    comes from `_stamp_font` (prepared once per process)."""

    def create_font_engine(self, writer, obj_stream=None):
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        handle = io.BytesIO(_stamp_font(self.font_file))
        # pyHanko draws the subset tag ("ABCDEF+NotoSans") from the global random
        # generator; seed it from the font for this one call, then restore it
        state = random.getstate()
        random.seed(hashlib.sha256(self.font_file.encode()).digest())
        try:
            engine = GlyphAccumulator(writer=writer, font_handle=handle, font_size=self.font_size,
                                      ot_script_tag=self.ot_script_tag, ot_language_tag=self.ot_language_tag,
                                      writing_direction=self.writing_direction, bcp47_lang_code=self.bcp47_lang_code,
                                      obj_stream=obj_stream)
        finally:
            random.setstate(state)
        engine.tt.recalcTimestamp = False
        return engine


@cache
def _stamp_font(path: str) -> bytes:
    """The stamp's font, once per process, in memory: the first face of a collection, and
    without the OpenType layout tables (GSUB/GPOS/GDEF). pyHanko drops those from every
    subset it embeds anyway, but fontTools decompiles them first on each signature: that
    was two thirds of the time of a signature. A name and a date need no ligatures."""
    from fontTools.ttLib import TTCollection, TTFont

    font = TTCollection(path).fonts[0] if path.endswith(".ttc") else TTFont(path)
    for table in ("GSUB", "GPOS", "GDEF"):
        if table in font:
            del font[table]
    font.recalcTimestamp = False
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


class _ArchivalWriter(IncrementalPdfFileWriter):
    """An incremental writer that leaves the document's metadata alone. pyHanko would
    rewrite the XMP packet and the Info dictionary (its own Producer, ModDate = the
    wall clock), which makes them disagree (a PDF/A-3 violation: Info and XMP must say
    the same) and makes the output depend on the clock. The signature's own time is in
    the signature dictionary (/M) and the CMS; the archival metadata stay as rendered."""

    def __init__(self, stream, *, id_seed: bytes, **kwargs):
        super().__init__(stream, **kwargs)
        # The second /ID half marks a new version of the file; pyHanko draws it from
        # os.urandom. Derive it from the unsigned file, the signer and the signing time:
        # new for every signature, the same for the same inputs.
        from pyhanko.pdf_utils import generic

        first = self._document_id[0]
        self._document_id = generic.ArrayObject([first, generic.ByteStringObject(hashlib.sha256(id_seed).digest()[:16])])

    def _update_meta(self):
        return None


class _FixedTimeSigner(signers.PdfSigner):
    """pyHanko's PdfSigner with the signing time docgen chose (`signing_time`): pyHanko
    takes the clock in its signing session, which PdfSigner does not let callers set."""

    def __init__(self, when: dt.datetime, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._when = when

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._when
        return session
