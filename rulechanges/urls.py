from django.urls import path

from rulechanges import views

app_name = "rulechanges"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/<slug:scheme_code>/", views.new_draft, name="new"),
    path("targets/", views.target_what_if, name="target"),
    path("targets/<int:pk>/", views.target_result, name="target_result"),
    path("targets/<int:pk>/progress.json", views.target_progress, name="target_progress"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit_draft, name="edit"),
    path("<int:pk>/what-if/", views.run_what_if, name="run_what_if"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/discard/", views.discard, name="discard"),
    path("<int:pk>/go.pdf", views.go_document, name="go_document"),
    path("<int:pk>/what-if/<int:what_if_pk>/progress.json", views.progress, name="progress"),
    path("<int:pk>/what-if/<int:what_if_pk>.<str:fmt>", views.download, name="download"),
]
