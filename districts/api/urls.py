from rest_framework.routers import DefaultRouter

from districts.api.views import DistrictViewSet, DivisionViewSet, ProductViewSet

router = DefaultRouter()
router.register("districts", DistrictViewSet, basename="district")
router.register("divisions", DivisionViewSet, basename="division")
router.register("products", ProductViewSet, basename="product")

urlpatterns = router.urls
