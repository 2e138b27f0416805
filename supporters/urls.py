from django.urls import path

from supporters import views

app_name = "supporters"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("training/", views.training, name="training"),
    path("training/<slug:part>/", views.training_part, name="training_part"),
    path("me/", views.me, name="me"),
    path("me/pause/", views.pause_self, name="pause_self"),
    path("me/resume/", views.resume_self, name="resume_self"),
    path("applications/", views.applications, name="applications"),
    path("applications/<int:application_id>/", views.review, name="review"),
    path("supporters/", views.supporters, name="supporters"),
    path("supporters/<int:member_id>/", views.change_role, name="change_role"),
]
