"""Input bytes -> text, whatever their character encoding. Pure: raises `InputError` when no
encoding fits.

The order, first that decodes wins:
  1. a byte order mark (UTF-8, UTF-16, UTF-32);
  2. UTF-8 (text in another encoding that also decodes as UTF-8 is vanishingly rare, while pages
     declaring Latin-1 but written in UTF-8 are common);
  3. the charset the input declares: an HTTP ``Content-Type`` (a WARC record's), an HTML
     ``<meta charset>`` or ``http-equiv``, an XML declaration, in its first 4 KB;
  4. detection with charset-normalizer among the encodings the web uses (WHATWG's legacy list:
     Mac and DOS code pages never win on a page a detector misreads), less a multi-byte
     encoding that read no multi-byte character (one "£" byte in English text is not
     Shift JIS), and windows-1252 on a tie (the web's default for Western text).
A declared ISO-8859-1 or ASCII is read as windows-1252, as browsers do.
"""
from __future__ import annotations

import codecs
import re

from transforms.articles import InputError

UTF8 = "utf-8"
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.IGNORECASE)
HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
AS_WINDOWS_1252 = {"latin_1", "iso8859_1", "ascii"}  # codec names after codecs.lookup
WEB_ENCODINGS = ["cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1251", "koi8_r", "koi8_u", "cp1253", "iso8859_7",
                 "cp1254", "iso8859_9", "cp1255", "cp1256", "cp1257", "iso8859_13", "iso8859_4", "cp1258", "cp874",
                 "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "big5", "euc_kr", "utf_16"]


def decode(data: bytes, declared: str | None = None, markup: bool = False) -> tuple[str, str]:
    """(text, encoding): the codec name as Python spells it (``utf-8``, ``cp1252``). ``declared``:
    a charset or a whole HTTP ``Content-Type`` value; ``markup``: look for one in the bytes too."""
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), codecs.lookup(name).name.removesuffix("-sig")
            except UnicodeDecodeError as exc:
                raise InputError(f"not {name.upper()} text after its byte order mark (byte {exc.start})") from None
    try:
        return data.decode(UTF8), UTF8
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    for name in _declared(data, declared, markup):
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    if (found := detect(data)) is not None:
        return found
    raise InputError(f"not UTF-8 text (byte {utf8_error}), and no other encoding fits")


def _declared(data: bytes, declared: str | None, markup: bool) -> list[str]:
    names = []
    if declared and (m := HEADER_CHARSET.search(declared) or re.fullmatch(r"\s*([\w.:-]+)\s*", declared)):
        names.append(m[1])
    if markup and (m := DECLARED.search(data[:4096])):
        names.append((m[1] or m[2]).decode("ascii"))
    out = []
    for name in names:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue  # a charset Python does not know: detection decides
        out += ["cp1252", "latin-1"] if codec.replace("-", "_") in AS_WINDOWS_1252 else [codec]
    return out


def detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's reading among `WEB_ENCODINGS`, as the module says; None if none fits."""
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    matches = list(from_bytes(data, cp_isolation=WEB_ENCODINGS))
    if not matches:
        return None
    plausible = [m for m in matches if not (is_multi_byte_encoding(m.encoding) and len(str(m)) == len(data))]
    matches = plausible or matches
    least = min(m.percent_chaos for m in matches)
    tied = [m for m in matches if m.percent_chaos == least]
    best = next((m for m in tied if m.encoding == "cp1252"), tied[0])
    return str(best), best.encoding
