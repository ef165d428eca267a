"""Line breaking exactly as GNU gettext does it, by calling the same library.

msgcat wraps strings with GNU libunistring's ``ulc_width_linebreaks`` (Unicode line
breaking, UAX #14, with East Asian display widths).  Calling that very function keeps
our output byte-identical to msgcat's, for Chinese as for English, without
re-implementing UAX #14.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import re
from functools import cache

from sco_publish.errors import UserError

UC_BREAK_UNDEFINED = 0
UC_BREAK_PROHIBITED = 1
UC_BREAK_POSSIBLE = 2
_POSSIBLE = re.compile(bytes([UC_BREAK_POSSIBLE]))


@cache
def _linebreaks_function():
    name = ctypes.util.find_library("unistring") or "libunistring.so.2"
    try:
        library = ctypes.CDLL(name)
    except OSError:
        raise UserError(
            "libunistring",
            "GNU libunistring is not installed; install it (Debian: apt-get install libunistring2, "
            "or run scripts/setup.sh)",
        ) from None
    function = getattr(library, "ulc_width_linebreaks_v2", None) or library.ulc_width_linebreaks
    function.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
        ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
    ]
    function.restype = ctypes.c_int
    return function


_buffer = ctypes.create_string_buffer(4096)


def break_positions(text: bytes, width: int, start_column: int, overrides: bytes) -> list[int]:
    """Byte offsets in UTF-8 ``text`` before which a line break goes, given the column width."""
    global _buffer
    if len(text) > len(_buffer):
        _buffer = ctypes.create_string_buffer(2 * len(text))
    _linebreaks_function()(text, len(text), width, start_column, 0, overrides, b"UTF-8", _buffer)
    return [match.start() for match in _POSSIBLE.finditer(ctypes.string_at(_buffer, len(text)))]
