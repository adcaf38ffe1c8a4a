from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account_home, name="home"),
    path("login/", views.otp_request, name="login"),
    path("login/verify/", views.otp_verify, name="otp_verify"),
    path("staff/login/", views.StaffLoginView.as_view(), name="staff_login"),
    path("staff/", views.staff_desk, name="staff_desk"),
    path("logout/", views.PortalLogoutView.as_view(), name="logout"),
]
