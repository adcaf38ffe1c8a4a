from django.urls import path

from districts import views

app_name = "districts"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("products/", views.product_index, name="product_index"),
    path("products/<slug:slug>/", views.product_detail, name="product_detail"),
    path("divisions/<slug:slug>/", views.division_detail, name="division_detail"),
    path("<slug:slug>/", views.district_detail, name="district_detail"),
]
