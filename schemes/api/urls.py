from django.urls import path
from rest_framework.routers import DefaultRouter

from schemes.api.views import SchemeViewSet, eligibility

router = DefaultRouter(trailing_slash=True)
router.register("schemes", SchemeViewSet, basename="scheme")

urlpatterns = [path("eligibility/", eligibility, name="api-eligibility"), *router.urls]
