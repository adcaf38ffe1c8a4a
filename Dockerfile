# Production image of the ODOP portal: gunicorn for the web, the same image for Celery.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=odop_portal.settings

# Pango and a Devanagari font for WeasyPrint PDFs in Hindi; poppler to check uploaded PDFs and
# draw their thumbnails; curl for health checks.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-core poppler-utils curl \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Collect with the production storage (DEBUG off writes the manifest the pages need); the keys are
# throwaway build-time values, the real ones come from the environment at run time.
RUN DEBUG=false SECRET_KEY=collectstatic-only AADHAAR_HASH_KEY=collectstatic-only \
    python manage.py collectstatic --noinput \
    && useradd --system --home /app odop && mkdir -p /app/var/media && chown -R odop /app/var
USER odop

EXPOSE 8000
CMD ["gunicorn", "odop_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
