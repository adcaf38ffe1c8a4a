from django.urls import path

from dashboard.api.views import DistrictStatsView, MonthStatsView, SchemeStatsView

urlpatterns = [
    path("stats/districts/", DistrictStatsView.as_view(), name="stats-districts"),
    path("stats/schemes/", SchemeStatsView.as_view(), name="stats-schemes"),
    path("stats/months/", MonthStatsView.as_view(), name="stats-months"),
]
