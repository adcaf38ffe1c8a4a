"""The office queue's filters for the API."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from applications.filters import QueueFilter

LARGEST_ID = 2**63 - 1  # a BigAutoField; larger numbers overflow the database driver


class IdFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class ApplicationFilter(QueueFilter):
    """`QueueFilter`, with `product` taken as a whole id in the database's range, so a bad value
    is a 400 naming the field rather than an overflow in the driver."""

    product = IdFilter(field_name="product_id", label=_("Product"), min_value=1, max_value=LARGEST_ID)
