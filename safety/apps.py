from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """Crisis detection: the normaliser, the lexicon and its table, the scanner, the model
    layer. It sits below forum and moderation and imports nothing from them
    (tests/safety/test_layering.py)."""

    name = "safety"
    verbose_name = "Crisis detection"

    def ready(self):
        from core.health import report_in_health
        from safety import account_receivers  # noqa: F401  (rates profile lines for accounts)
        from safety.layers import health_report

        report_in_health(health_report)
