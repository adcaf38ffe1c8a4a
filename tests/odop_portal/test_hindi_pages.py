"""Every page a person can open, public and signed in, shows no English interface text in
Hindi. The pages are the URL names that resolve with a small world (one district, each role, a
draft, a file at each office stage, a committee meeting); what a person typed, proper nouns,
reference numbers, code and text marked lang="en" are not interface text."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.odop_portal.hindi_world import ALLOWED_WORDS, build_world

# Pages that are not HTML for people (files, data, redirects by design) or that change state.
NOT_PAGES = {
    "healthz",
    "set_language",
    "javascript-catalog",
    "accounts:logout",
    "applications:receipt",
    "applications:document_file",
    "applications:document_thumbnail",
    "committees:letter",
    "committees:meeting_pdf",
    "applications:withdraw",
    "applications:bulk",
    "applications:office_act",
    "cfc:state_act",
    "toolkit:batch_act",
    "toolkit:trainee_act",
    "dashboard:applications_csv",
    "dashboard:export",
    "dashboard:open_data_export",
}
NAMESPACES = {
    "",
    "accounts",
    "districts",
    "schemes",
    "applications",
    "committees",
    "margin_money",
    "toolkit",
    "cfc",
    "dashboard",
}


def _url_names():
    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in NAMESPACES - {""}:
                    yield from walk(pattern, pattern.namespace + ":")
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace + pattern.name, list(pattern.pattern.converters)

    return [(name, params) for name, params in walk(get_resolver()) if name not in NOT_PAGES]


class _Text(HTMLParser):
    """Visible interface text: text nodes and the attributes people read or hear, leaving out
    scripts, code, what a person typed (form values) and anything marked lang="en"."""

    SKIP = {"script", "style", "code", "pre", "textarea", "title"}
    VOID = {"input", "img", "br", "hr", "meta", "link", "source", "col", "area", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skip = tag in self.SKIP or (attrs.get("lang") or "").startswith("en")
        if not self._skipping() and not skip:
            for name in ("placeholder", "aria-label", "alt", "title"):
                if attrs.get(name):
                    self.parts.append(attrs[name])
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def english_words(html: str, allowed: set[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    text = " ".join(parser.parts)
    text = re.sub(r"ODOP/[A-Z]+/[A-Z]+/\d{4}-\d{2}/\d+", " ", text)  # reference numbers
    text = re.sub(r"X{4,}", " ", text)  # masked numbers (Aadhaar, mobile)
    text = re.sub(r"\b[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3}\b", " ", text)  # letter verification codes
    # Citations of a Government Order with its clause ("GO-TT-2020 para 5(1)", "GO-CFC-2023
    # (land)") and GO numbers ("613/18-4-2023-... (amending 1095/...)") are references.
    text = re.sub(r"GO-[A-Z]+-\d{4}(?:[,;]?\s*(?:para|item)\s+[\w.]+(?:\(\w+\))*|\s*\([^)]*\))*", " ", text)
    text = re.sub(r"\(amending [^)]*\)|-[IVX]+\b", " ", text)
    return sorted(
        {w for w in re.findall(r"[A-Za-z][A-Za-z'’-]{2,}", text) if w.lower().strip("'’-") not in allowed}
    )


@pytest.mark.django_db
def test_every_page_in_hindi_has_no_english_interface_text(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        world = build_world()
    allowed = ALLOWED_WORDS | world.typed_words
    checked, untranslated, unresolved = [], {}, []
    for name, params in _url_names():
        for who, kwargs in world.pages_for(name, params):
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:  # a name the world cannot fill is reported below
                unresolved.append(name)
                continue
            client.logout()
            if world.users[who] is not None:
                client.force_login(world.users[who])
            client.cookies["django_language"] = "hi"
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            checked.append((who, url))
            words = english_words(response.content.decode(), allowed)
            if words:
                untranslated[f"{who} {url}"] = words
    assert untranslated == {}
    assert unresolved == []
    # The world reaches the pages of every role (a guard against a world that renders nothing).
    assert {who for who, _url in checked} == set(world.users)
    assert len(checked) >= 40
