"""URLs of the conversation part (filled by that part)."""

urlpatterns = []
