"""Common Facility Centre pages, under /applications/ with every page of a file."""

from django.urls import path

from cfc import views

app_name = "cfc"

urlpatterns = [
    path("<int:pk>/utilisation/", views.utilisation, name="utilisation"),
    path("state/cfc/", views.cfc_proposals, name="state_proposals"),
    path("state/cfc/<int:pk>/", views.cfc_proposal, name="state_proposal"),
    path("state/cfc/<int:pk>/<slug:action>/", views.cfc_act, name="state_act"),
]
