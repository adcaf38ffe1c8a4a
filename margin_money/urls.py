"""Margin Money pages (bank branches), under /applications/ with every page of a file."""

from django.urls import path

from margin_money import views

app_name = "margin_money"

urlpatterns = [
    path("bank/", views.bank_queue, name="bank_queue"),
    path("bank/<int:pk>/", views.bank_file, name="bank_file"),
    path("office/banks/", views.bank_pendency, name="bank_pendency"),
]
