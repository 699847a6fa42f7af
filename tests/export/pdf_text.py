"""What a PDF viewer's search finds in the PDFs Qt writes: each text object's glyphs read back through
its font's ToUnicode map. Just enough PDF for Qt's own output (Type0 fonts, Identity-H, bfrange maps)."""

from __future__ import annotations

import re
import zlib


def objects(data: bytes) -> dict[int, bytes]:
    return {int(m[1]): m[2] for m in re.finditer(rb"(\d+) 0 obj\s*(.*?)endobj", data, re.S)}


def stream(body: bytes) -> bytes:
    raw = re.search(rb"stream\r?\n(.*?)\r?\nendstream", body, re.S)[1]
    return zlib.decompress(raw) if b"/FlateDecode" in body else raw


def _unicode_map(cmap: bytes) -> dict[int, str]:
    """Glyph code -> text, from a ToUnicode CMap's bfchar and bfrange entries."""
    chars: dict[int, str] = {}
    hex_text = lambda h: bytes.fromhex(h.decode()).decode("utf-16-be")  # noqa: E731
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, target in re.findall(rb"<(\w+)>\s*<(\w+)>\s*(\[[^\]]*\]|<\w+>)", block):
            codes = range(int(first, 16), int(last, 16) + 1)
            if target.startswith(b"["):
                chars.update(zip(codes, map(hex_text, re.findall(rb"<(\w+)>", target))))
            else:
                start = int(target[1:-1], 16)
                chars.update((code, chr(start + k)) for k, code in enumerate(codes))
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        pairs = re.findall(rb"<(\w+)>\s*<(\w+)>", block)
        chars.update((int(code, 16), hex_text(text)) for code, text in pairs)
    return chars


def text_objects(data: bytes) -> list[str]:
    """The text of every BT ... ET object of every page, in drawing order."""
    found = objects(data)
    fonts = {}
    for name, number in re.findall(rb"/(F\d+) (\d+) 0 R", data):
        unicode_ref = re.search(rb"/ToUnicode (\d+) 0 R", found[int(number)])
        if unicode_ref:
            fonts[name] = _unicode_map(stream(found[int(unicode_ref[1])]))
    texts = []
    for page in (body for body in found.values() if re.search(rb"/Type /Page\b", body)):
        content = stream(found[int(re.search(rb"/Contents (\d+) 0 R", page)[1])])
        for block in re.findall(rb"\bBT\b(.*?)\bET\b", content, re.S):
            chars, font = [], {}
            for name, glyphs in re.findall(rb"/(F\d+) [\d.]+ Tf|<(\w+)> Tj", block):
                if name:
                    font = fonts.get(name, {})
                else:
                    codes = [int(glyphs[k : k + 4], 16) for k in range(0, len(glyphs), 4)]
                    chars.extend(font.get(code, "\ufffd") for code in codes)
            texts.append("".join(chars))
    return texts
