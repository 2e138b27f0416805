from django.urls import path

from accounts import settings_views, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("pseudonyms/suggest/", views.suggest, name="suggest"),
    path("pseudonyms/check/", views.check, name="check"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("recover/", views.recover, name="recover"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path(
        "recovery-codes/download/",
        views.recovery_codes_download,
        name="recovery_codes_download",
    ),
    path(
        "recovery-codes/regenerate/",
        views.recovery_codes_regenerate,
        name="recovery_codes_regenerate",
    ),
    path("settings/", settings_views.settings_page, name="settings"),
    path("settings/password/", settings_views.change_password, name="change_password"),
    path("settings/pseudonym/", settings_views.change_pseudonym, name="change_pseudonym"),
    path("settings/about/", settings_views.edit_about, name="edit_about"),
    path("settings/safety/", settings_views.safety_preferences, name="safety"),
    path("settings/blocked/", settings_views.blocked, name="blocked"),
    path("settings/sessions/end/", settings_views.logout_everywhere, name="logout_everywhere"),
    path("settings/export/", settings_views.export, name="export"),
    path("settings/delete/", settings_views.delete, name="delete"),
    path("members/<str:pseudonym>/", views.profile, name="profile"),
    path("members/<str:pseudonym>/block/", views.block, name="block"),
    path("members/<str:pseudonym>/unblock/", views.unblock, name="unblock"),
]
