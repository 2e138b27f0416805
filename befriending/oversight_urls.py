"""URLs of the oversight part (filled by that part)."""

urlpatterns = []
