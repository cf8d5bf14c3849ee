"""docgen: validate the facts of a criminal case and render the documents of cross-border
cooperation (European Investigation Orders and letters of request, ...) as PDF/A and XML.

Library use, everything in memory::

    import docgen
    case = docgen.parse_case(open("examples/mla-fr-de.json", "rb").read())
    problems = docgen.validate(case, kind="mla")          # [] when it can be rendered
    result = docgen.render(case, kind="mla", issued="2026-11-23")
    result.pdf, result.xml                                 # bytes
    signer = docgen.Signer(docgen.KeyFile("seal.p12", passphrase_env="SEAL_PASS"))
    signed = docgen.render(case, kind="mla", issued="2026-11-23", signer=signer)   # PAdES
    docgen.sign(pdf_bytes, signer)                         # sign an existing docgen PDF

Errors are values: `docgen.Problem` (pointer, code, message); `render` raises
`docgen.InputRejected` carrying them.
"""
__version__ = "0.1.0"

from .errors import DocgenError, InputRejected, Problem, UsageError  # noqa: E402
from .load import parse_case, read_case  # noqa: E402
from .pipeline import Rendered, legal_basis, prepare, render, render_file, validate  # noqa: E402
from .signing import KeyFile, Signer, SigningRefused, Token, sign  # noqa: E402

__all__ = ["DocgenError", "InputRejected", "KeyFile", "Problem", "Rendered", "Signer", "SigningRefused", "Token",
           "UsageError", "__version__", "legal_basis", "parse_case", "prepare", "read_case", "render", "render_file",
           "sign", "validate"]
