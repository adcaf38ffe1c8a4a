"""Training and Toolkit pages, under /applications/ with every page of a file."""

from django.urls import path

from toolkit import views

app_name = "toolkit"

urlpatterns = [
    path("<int:pk>/toolkit-feedback/", views.toolkit_feedback, name="toolkit_feedback"),
    path("office/training/", views.batches, name="batches"),
    path("office/training/<int:pk>/", views.batch_detail, name="batch"),
    path("office/training/<int:pk>/<slug:action>/", views.batch_act, name="batch_act"),
    path(
        "office/training/<int:pk>/<int:application_pk>/<slug:action>/",
        views.trainee_act,
        name="trainee_act",
    ),
]
