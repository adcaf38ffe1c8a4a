"""HTML written in Python where a template's loops would cost most of a page's time."""

import html

from django.utils import timezone


def escaped(value) -> str:
    """`conditional_escape` without its lazy-string wrapper (a few thousand calls a page)."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def day(moment) -> str:
    """A moment's date as the templates' `|date:"d-m-Y"` writes it: in the portal's time zone."""
    return timezone.localtime(moment).strftime("%d-%m-%Y") if moment else ""
