"""Font subsetting with HarfBuzz's hb-subset, the library WeasyPrint itself subsets with.

fontTools takes about 7 s to subset one face of the 20 MB Noto CJK collection here;
hb-subset takes a fraction of a second, so the per-edition subsets stay cheap even on a
clean build. The library is bound with ctypes; it is a dependency of WeasyPrint anyway.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from pathlib import Path

from sco_publish.errors import UserError

# hb_subset_sets_t and hb_subset_flags_t (hb-subset.h)
SETS_UNICODE = 1
SETS_NAME_ID = 4
SETS_LAYOUT_FEATURE_TAG = 6
FLAG_NO_HINTING = 0x1
FLAG_NOTDEF_OUTLINE = 0x40


class _HarfBuzz:
    def __init__(self) -> None:
        try:
            core = ctypes.CDLL(ctypes.util.find_library("harfbuzz") or "libharfbuzz.so.0")
            subset = ctypes.CDLL(ctypes.util.find_library("harfbuzz-subset") or "libharfbuzz-subset.so.0")
        except OSError:
            raise UserError("libharfbuzz-subset", "HarfBuzz's subsetter is not installed; "
                            "apt-get install libharfbuzz-subset0 (or run scripts/setup.sh)") from None
        pointer = ctypes.c_void_p
        self.blob_from_file = _function(core, "hb_blob_create_from_file_or_fail", pointer, ctypes.c_char_p)
        self.face_create = _function(core, "hb_face_create", pointer, pointer, ctypes.c_uint)
        self.face_reference_blob = _function(core, "hb_face_reference_blob", pointer, pointer)
        self.blob_get_data = _function(core, "hb_blob_get_data", ctypes.POINTER(ctypes.c_char), pointer,
                                       ctypes.POINTER(ctypes.c_uint))
        self.blob_destroy = _function(core, "hb_blob_destroy", None, pointer)
        self.face_destroy = _function(core, "hb_face_destroy", None, pointer)
        self.set_add = _function(core, "hb_set_add", None, pointer, ctypes.c_uint32)
        self.set_clear = _function(core, "hb_set_clear", None, pointer)
        self.set_invert = _function(core, "hb_set_invert", None, pointer)
        self.input_create = _function(subset, "hb_subset_input_create_or_fail", pointer)
        self.input_destroy = _function(subset, "hb_subset_input_destroy", None, pointer)
        self.input_set = _function(subset, "hb_subset_input_set", pointer, pointer, ctypes.c_int)
        self.input_set_flags = _function(subset, "hb_subset_input_set_flags", None, pointer, ctypes.c_uint)
        self.subset_or_fail = _function(subset, "hb_subset_or_fail", pointer, pointer, pointer)


def _function(library: ctypes.CDLL, name: str, restype, *argtypes):  # noqa: ANN001, ANN202 - ctypes types
    function = getattr(library, name)
    function.restype = restype
    function.argtypes = list(argtypes)
    return function


@cache
def _harfbuzz() -> _HarfBuzz:
    return _HarfBuzz()


def subset_font(path: Path, index: int, characters: str) -> bytes:
    """The face ``index`` of the font file ``path`` cut down to ``characters``, keeping every
    OpenType layout feature (CJK punctuation and Cyrillic forms need them), all names, no hinting."""
    hb = _harfbuzz()
    blob = hb.blob_from_file(str(path).encode())
    if not blob:
        raise UserError(path, "cannot read this font file")
    face = hb.face_create(blob, index)
    subset_input = hb.input_create()
    result = None
    try:
        unicodes = hb.input_set(subset_input, SETS_UNICODE)
        for character in sorted(set(characters)):
            hb.set_add(unicodes, ord(character))
        for kind in (SETS_LAYOUT_FEATURE_TAG, SETS_NAME_ID):
            every = hb.input_set(subset_input, kind)
            hb.set_clear(every)
            hb.set_invert(every)
        hb.input_set_flags(subset_input, FLAG_NO_HINTING | FLAG_NOTDEF_OUTLINE)
        result = hb.subset_or_fail(face, subset_input)
        if not result:
            raise UserError(path, f"HarfBuzz could not subset face {index} of this font")
        data_blob = hb.face_reference_blob(result)
        length = ctypes.c_uint()
        data = hb.blob_get_data(data_blob, ctypes.byref(length))
        content = ctypes.string_at(data, length.value)
        hb.blob_destroy(data_blob)
        return content
    finally:
        if result:
            hb.face_destroy(result)
        hb.input_destroy(subset_input)
        hb.face_destroy(face)
        hb.blob_destroy(blob)
