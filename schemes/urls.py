from django.urls import path

from schemes import views

app_name = "schemes"

urlpatterns = [
    path("", views.scheme_index, name="index"),
    path("eligibility/", views.eligibility_checker, name="eligibility"),
    path("notified-fairs/", views.notified_fairs, name="notified_fairs"),
    path("<slug:slug>/", views.scheme_detail, name="detail"),
]
