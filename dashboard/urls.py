from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("applications/", views.applications, name="applications"),
    path("applications.csv", views.applications_csv, name="applications_csv"),
    path("targets/", views.targets, name="targets"),
    path("download/<slug:table>.<str:fmt>", views.export, name="export"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/<slug:table>.<str:fmt>", views.open_data_export, name="open_data_export"),
]
