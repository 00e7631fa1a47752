FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/app/var
WORKDIR /app
# LibreOffice (Writer, no GUI) turns the generated .docx into PDF; Liberation Serif has Times New Roman's metrics.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libreoffice-writer-nogui fonts-liberation fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN python -m config.compile_translations \
 && DJANGO_SETTINGS_MODULE=config.settings.production SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput
RUN useradd --system --home /app tdkt && mkdir -p /app/var/media /app/var/beat && chown -R tdkt /app/var
USER tdkt
EXPOSE 8000
# Longer than DOCUMENT_PDF_TIMEOUT, so that a slow PDF ends with a message, not a killed worker.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
