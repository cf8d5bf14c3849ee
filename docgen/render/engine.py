"""Loading WeasyPrint, quickly: the one place docgen imports it from.

``import weasyprint`` opens Pango, HarfBuzz, fontconfig... through cffi, trying several
names per library (``libpango-1.0-0``, ``pango-1.0``, ..., ``libpango-1.0.so.0``). For
each name that does not open directly, cffi asks ``ctypes.util.find_library``, which on
Linux runs ``ldconfig -p``, then ``gcc`` and ``ld`` in subprocesses: about 55 processes
and 0.25 s of a 0.55 s import here, most of a one-page render's cold start
(bench/run.py). While WeasyPrint is imported, `load` answers those look-ups from one
cached ``ldconfig -p`` listing with the same pattern the standard library uses, and
without the compiler fallbacks: a library outside the ldconfig cache (LD_LIBRARY_PATH)
is still found, because WeasyPrint's last name for each library is the file name that
``dlopen`` resolves on its own. Should the import fail that way anyway, it is retried
with the standard look-up.

WeasyPrint also imports ``fontTools.subset`` and ``fontTools.varLib.instancer`` at
start-up (~0.1 s, a tenth of a cold EIO render). It uses them only to subset fonts when
libharfbuzz-subset is missing and to make static copies of variable fonts, neither of
which a docgen render does here. While WeasyPrint is imported, those two names are
`_Deferred` stand-ins that import the real module on first use.
"""
from __future__ import annotations

import ctypes.util
import importlib
import os
import re
import subprocess
import sys
import threading
import types
from contextlib import contextmanager
from functools import cache

_lock = threading.Lock()


@cache
def _ldconfig_listing() -> bytes:
    try:
        return subprocess.run(["/sbin/ldconfig", "-p"], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, env={"LC_ALL": "C", "LANG": "C"}, check=False).stdout
    except OSError:
        return b""


def _abi() -> str:
    # as ctypes.util._findSoname_ldconfig
    bits = "-64" if sys.maxsize > 2**32 else "-32"
    return {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
            "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}.get(os.uname().machine + bits, "libc6")


def _find_in_ldconfig(name: str) -> str | None:
    found = re.search(os.fsencode(r"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name), _abi())), _ldconfig_listing())
    return os.fsdecode(found.group(1)) if found else None


@contextmanager
def _fast_library_lookup():
    if not sys.platform.startswith("linux") or not _ldconfig_listing():
        yield
        return
    real = ctypes.util.find_library
    ctypes.util.find_library = _find_in_ldconfig
    try:
        yield
    finally:
        ctypes.util.find_library = real


_deferred_lock = threading.Lock()
# module → the names WeasyPrint imports from it with ``from module import name``
_DEFERRED = {"fontTools.subset": (), "fontTools.varLib.instancer": ("instantiateVariableFont",)}


class _Deferred(types.ModuleType):
    """Stands in for a module until one of its attributes is used, then imports it."""

    def __init__(self, name: str, names: tuple[str, ...]):
        super().__init__(name)
        for attr in names:
            setattr(self, attr, self._forward(attr))

    def _module(self) -> types.ModuleType:
        with _deferred_lock:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            return importlib.import_module(self.__name__)

    def _forward(self, attr: str):
        def forward(*args, **kwargs):
            return getattr(self._module(), attr)(*args, **kwargs)
        forward.__name__ = forward.__qualname__ = attr
        return forward

    def __getattr__(self, attr: str):
        if attr.startswith("__"):
            raise AttributeError(attr)
        return getattr(self._module(), attr)


@contextmanager
def _deferred_modules():
    stand_ins = {name: _Deferred(name, names) for name, names in _DEFERRED.items() if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        yield
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


@cache
def load():
    """The ``weasyprint`` module, imported once per process (see the module docstring)."""
    with _lock:
        if "weasyprint" in sys.modules:
            import weasyprint
            return weasyprint
        try:
            with _fast_library_lookup(), _deferred_modules():
                import weasyprint
        except OSError:
            for mod in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
                del sys.modules[mod]
            with _deferred_modules():
                import weasyprint
        return weasyprint


def harfbuzz_subset_available() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (libharfbuzz-subset present) rather
    than fontTools (5–100× slower, and not reproducible): asks the loaded WeasyPrint."""
    load()
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None
