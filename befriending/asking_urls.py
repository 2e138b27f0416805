"""URLs of the asking part (filled by that part)."""

urlpatterns = []
