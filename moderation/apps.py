from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = "Moderation"

    def ready(self):
        import moderation.account_receivers  # noqa: F401  (deleted accounts reach the audit log)
        import moderation.receivers  # noqa: F401  (posts that need review open queue items)
        import moderation.signals  # noqa: F401  (role changes reach the audit log)
        from core.guards import register_write_guard
        from forum.review import register_reviewer
        from moderation import author_care, selectors, staffing
        from moderation.sanctions import ensure_can_post

        register_write_guard(ensure_can_post)
        # The forum asks these while it writes a post or renders a page (see forum.review).
        register_reviewer(
            unstaffed=staffing.unstaffed,
            flagged_thread_ids=selectors.flagged_thread_ids,
            wrote_crisis_post=author_care.wrote_crisis_post,
            care_in_thread=author_care.care_in_thread,
        )
