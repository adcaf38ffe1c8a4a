"""Committee pages, under /applications/ with every page of a file."""

from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("<int:pk>/letters/<int:letter_pk>/", views.letter_file, name="letter"),
    path("committees/", views.my_committees, name="committees"),
    path("committees/<int:pk>/", views.committee_detail, name="committee"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/<slug:kind>.pdf", views.meeting_pdf, name="meeting_pdf"),
]
