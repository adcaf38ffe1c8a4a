from django.urls import path

from applications import views_artisan, views_office, views_public

app_name = "applications"

urlpatterns = [
    path("", views_artisan.my_applications, name="mine"),
    path("profile/", views_artisan.profile, name="profile"),
    path("new/<slug:scheme_slug>/", views_artisan.start, name="start"),
    path("<int:pk>/", views_artisan.detail, name="detail"),
    path("<int:pk>/step/<slug:step>/", views_artisan.step, name="step"),
    path("<int:pk>/documents/", views_artisan.documents, name="documents"),
    path("<int:pk>/review/", views_artisan.review, name="review"),
    path("<int:pk>/withdraw/", views_artisan.withdraw, name="withdraw"),
    path("<int:pk>/receipt.pdf", views_artisan.receipt, name="receipt"),
    path("documents/<int:pk>/", views_artisan.document_file, name="document_file"),
    path("documents/<int:pk>/thumbnail.png", views_artisan.document_thumbnail, name="document_thumbnail"),
    path("status/", views_public.status_lookup, name="status_lookup"),
    path("status/verify/", views_public.status_verify, name="status_verify"),
    path("office/", views_office.queue, name="queue"),
    path("office/bulk/", views_office.bulk, name="bulk"),
    path("office/helpdesk/", views_office.helpdesk, name="helpdesk"),
    path("office/<int:pk>/", views_office.application_file, name="office_file"),
    path("office/<int:pk>/<slug:action>/", views_office.act, name="office_act"),
]
