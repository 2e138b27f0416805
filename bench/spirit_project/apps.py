from django.apps import AppConfig
from django.core.validators import MaxValueValidator


class SpiritBenchConfig(AppConfig):
    name = "spirit_project"

    def ready(self):
        # Spirit's admin form caps "comments per page" at 100; the bench shows all 200 posts of
        # the thread on one page, as Peerhaven does with FORUM_POSTS_PER_PAGE=200.
        from spirit.admin.forms import BasicConfigForm

        field = BasicConfigForm.base_fields["comments_per_page"]
        field.max_value = None
        field.validators = [v for v in field.validators if not isinstance(v, MaxValueValidator)]
        field.widget.attrs.pop("max", None)
