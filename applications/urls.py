from django.urls import path

from applications import (
    views_artisan,
    views_bank,
    views_committee,
    views_office,
    views_public,
    views_state,
    views_training,
)

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
    path("status/", views_public.status_lookup, name="status_lookup"),
    path("status/verify/", views_public.status_verify, name="status_verify"),
    path("<int:pk>/letters/<int:letter_pk>/", views_committee.letter_file, name="letter"),
    path("committees/", views_committee.my_committees, name="committees"),
    path("committees/<int:pk>/", views_committee.committee_detail, name="committee"),
    path("meetings/<int:pk>/", views_committee.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/<slug:kind>.pdf", views_committee.meeting_pdf, name="meeting_pdf"),
    path("bank/", views_bank.bank_queue, name="bank_queue"),
    path("bank/<int:pk>/", views_bank.bank_file, name="bank_file"),
    path("office/banks/", views_bank.bank_pendency, name="bank_pendency"),
    path("<int:pk>/utilisation/", views_artisan.utilisation, name="utilisation"),
    path("state/cfc/", views_state.cfc_proposals, name="state_proposals"),
    path("state/cfc/<int:pk>/", views_state.cfc_proposal, name="state_proposal"),
    path("state/cfc/<int:pk>/<slug:action>/", views_state.cfc_act, name="state_act"),
    path("<int:pk>/toolkit-feedback/", views_training.toolkit_feedback, name="toolkit_feedback"),
    path("office/training/", views_training.batches, name="batches"),
    path("office/training/<int:pk>/", views_training.batch_detail, name="batch"),
    path("office/training/<int:pk>/<slug:action>/", views_training.batch_act, name="batch_act"),
    path(
        "office/training/<int:pk>/<int:application_pk>/<slug:action>/",
        views_training.trainee_act,
        name="trainee_act",
    ),
    path("office/", views_office.queue, name="queue"),
    path("office/bulk/", views_office.bulk, name="bulk"),
    path("office/helpdesk/", views_office.helpdesk, name="helpdesk"),
    path("office/<int:pk>/", views_office.application_file, name="office_file"),
    path("office/<int:pk>/<slug:action>/", views_office.act, name="office_act"),
]
