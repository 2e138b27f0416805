from django.urls import path

from floor_django.views import rows

urlpatterns = [path("threads/<int:thread_id>/", rows)]
