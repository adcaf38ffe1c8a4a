"""PDFs in Hindi and English with WeasyPrint. The Devanagari font ships with the project
(static/fonts, SIL Open Font License), so the receipt prints the same on any machine.

Copying Hindi out of a PDF. A PDF maps each glyph to one piece of text (its ToUnicode map).
WeasyPrint 70 fills that map from the first place a glyph is drawn, and gives a cluster's whole
text to the cluster's last glyph: after "जिला" (glyphs ि + ज) the glyph ज stood for "जि"
everywhere, so "जाँच" copied as "जिाँच", and a half form drawn before its consonant (स् of
स्व) copied as nothing. `_glyph_texts` works out what each glyph of the font itself stands for
(its character in the font's cmap, or the characters of the substitutions that make it: half
forms, conjuncts, nukta forms, matra variants) and the map is rewritten with that before the
PDF is written. What a ToUnicode map cannot carry is order: PDF text is in drawing order, and
the i-matra (ि) and the reph (र्) are drawn on the other side of their consonant, so "कि"
still copies as "िक". Only /ActualText spans would fix that, and WeasyPrint writes none.
"""

import os
import threading
import unicodedata
from functools import cache
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"


@cache
def _glyph_texts(font_data: bytes, index: int) -> dict[int, str]:
    """Glyph id -> the text it stands for, from the cmap and the GSUB substitutions (single,
    multiple, ligature; extension lookups unwrapped), repeated until nothing changes."""
    from fontTools.ttLib import TTFont

    font = TTFont(BytesIO(font_data), fontNumber=index, lazy=True)
    text: dict[str, str] = {}
    for codepoint, name in sorted(font.getBestCmap().items()):
        # Not presentation forms such as U+FB01 "ﬁ": its glyph stands for "fi" (from GSUB).
        if not unicodedata.decomposition(chr(codepoint)).startswith("<"):
            text.setdefault(name, chr(codepoint))
    subtables = []
    if "GSUB" in font and font["GSUB"].table.LookupList:
        for lookup in font["GSUB"].table.LookupList.Lookup:
            for subtable in lookup.SubTable:
                kind = lookup.LookupType
                if kind == 7:
                    kind, subtable = subtable.ExtensionLookupType, subtable.ExtSubTable
                subtables.append((kind, subtable))
    changed = True
    while changed:
        changed = False
        for kind, subtable in subtables:
            if kind == 1:
                pairs = [(source, [target]) for source, target in subtable.mapping.items()]
            elif kind == 2:
                pairs = list(subtable.mapping.items())
            elif kind == 4:
                for first, ligatures in subtable.ligatures.items():
                    for ligature in ligatures:
                        parts = [first, *ligature.Component]
                        if ligature.LigGlyph not in text and all(p in text for p in parts):
                            text[ligature.LigGlyph] = "".join(text[p] for p in parts)
                            changed = True
                continue
            else:
                continue
            for source, targets in pairs:
                if source in text and targets and targets[0] not in text:
                    # A multiple substitution's first glyph carries the text, the rest none.
                    text[targets[0]] = text[source]
                    for extra in targets[1:]:
                        text.setdefault(extra, "")
                    changed = True
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    return {order[name]: value for name, value in text.items() if name in order}


def _fix_to_unicode(fonts: dict) -> None:
    for font in fonts.values():
        if not font.to_unicode or font.bitmap:
            continue
        texts = _glyph_texts(font.file_content, font.index)
        for glyph_id in font.to_unicode:
            if texts.get(glyph_id):
                font.to_unicode[glyph_id] = texts[glyph_id]


def _install_to_unicode_fix() -> None:
    import weasyprint.pdf as weasyprint_pdf

    build = weasyprint_pdf.build_fonts_dictionary
    if getattr(build, "fixes_to_unicode", False):
        return

    def build_fonts_dictionary(pdf, fonts, *args, **kwargs):
        _fix_to_unicode(fonts)
        return build(pdf, fonts, *args, **kwargs)

    build_fonts_dictionary.fixes_to_unicode = True
    weasyprint_pdf.build_fonts_dictionary = build_fonts_dictionary


_per_thread = threading.local()


def _once_per_thread(name: str, make):
    """`make()` the first time this thread asks for `name`, the same object after that."""
    value = getattr(_per_thread, name, None)
    if value is None:
        value = make()
        setattr(_per_thread, name, value)
    return value


def font_configuration():
    """The fonts, loaded once per thread of a process (a Celery worker process has one): a new
    FontConfiguration reads every font of the system and the four @font-face files again, a
    third of a letter's time (measured: 106 ms a letter with a new one, 68 ms with this)."""
    return _once_per_thread("configuration", lambda: _weasyprint_classes()[0]())


def _local_fetcher():
    """What a PDF may load: the project's fonts and the QR code's data: URI, nothing from the
    network or elsewhere on disk. One per thread: WeasyPrint's own fetcher, made for every
    document, builds an HTTPS context from the system's certificates each time (80 ms of a
    letter's 450 ms in a profile)."""
    return _once_per_thread("fetcher", lambda: _weasyprint_classes()[1](allowed_protocols=("file", "data")))


@cache
def _weasyprint_classes():
    """Our two WeasyPrint classes, defined once WeasyPrint is first needed (it loads Pango)."""
    from urllib.parse import unquote, urlparse

    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    class ForkSafeFontConfiguration(FontConfiguration):
        """WeasyPrint's, whose clean-up (removing its folder of fonts) runs only in the process
        that made it. A forked child (a Celery prefork child, a subprocess before its exec)
        drops its copies of the parent's objects, and would otherwise delete a folder the parent
        is still using."""

        def __init__(self):
            self._made_in = os.getpid()
            super().__init__()

        def __del__(self):
            if getattr(self, "_made_in", None) == os.getpid():
                super().__del__()

    class LocalFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            allowed = parsed.scheme == "data" or (
                parsed.scheme == "file" and Path(unquote(parsed.path)).resolve().is_relative_to(FONT_DIR)
            )
            if not allowed:
                raise ValueError(f"a PDF loads only the project's fonts and data: URIs, not {url[:80]}")
            return super().fetch(url, headers)

    return ForkSafeFontConfiguration, LocalFetcher


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    _install_to_unicode_fix()
    html = render_to_string(template, {**context, "font_dir": FONT_DIR.as_uri()})
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_local_fetcher())
    return document.write_pdf(font_config=font_configuration())
