"""Settings for the ODOP portal, read from the environment (django-environ).

Every setting a deployment may change is listed in `.env.example` and in the README. With no
environment at all the portal runs on SQLite with Celery in eager mode and DEBUG on, which is the
embedded default for `make run`; production sets DEBUG=false, SECRET_KEY, DATABASE_URL and REDIS_URL.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
_env_file = BASE_DIR / ".env"
if _env_file.exists():
    env.read_env(str(_env_file))

DEBUG = env.bool("DEBUG", default=True)

_DEV_SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"  # noqa: S105 - never used with DEBUG off
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "districts",
    "schemes",
    "applications",
    "payments",
    "committees",
    "margin_money",
    "mda",
    "toolkit",
    "cfc",
    "demo",
    "rulechanges",
    "dashboard",
    "outbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before the host check: health checks call the address, not a name in ALLOWED_HOSTS.
    "odop_portal.health.HealthCheckMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the language is known, so that the refusal is in the caller's language.
    "odop_portal.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "odop_portal.middleware.SessionIdleTimeoutMiddleware",
    "odop_portal.middleware.PrivateResponseMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "odop_portal.urls"
WSGI_APPLICATION = "odop_portal.wsgi.application"
ASGI_APPLICATION = "odop_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Tests on SQLite use a file, not the shared in-memory database: the browser tests' live
    # server answers several requests at once (a page and its PDFs), which in-memory SQLite
    # shared across threads does not survive.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        Path(tempfile.gettempdir()) / f"odop-portal-test-{os.getpid()}.sqlite3"
    )
# Persistent connections: a new PostgreSQL backend for every request cost the database more
# than the request's own queries (measured per submission: 27 ms of CPU outside the portal's
# processes, mostly PostgreSQL, against 18 ms with connections kept), and gunicorn's sync
# workers use one connection at a time. Checked before reuse, so one the
# server closed is opened again instead of failing the request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: cache and Celery broker -----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Parallel test processes share one Redis: each keeps its own keys (throttles,
            # published open data), as each keeps its own test database.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="odop")
            + os.environ.get("PYTEST_XDIST_WORKER", ""),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Unset broker means eager mode: tasks run inline, in the web process, after commit.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
# A killed worker must not lose its task: acknowledge after the task ran, and requeue a task
# whose worker process died. Tasks are therefore written to be safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Kolkata"
# Without socket timeouts a Redis that accepts connections but never answers blocks .delay()
# for tens of seconds; with them a send fails in a few seconds and the periodic sweep retries.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    # How often a worker looks for tasks whose worker died (acks_late): every interval x throttle s.
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker rides out a broker outage of any length, retrying with back-off (None: for ever).
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None

# The outbox (outbox/services.py): deferred work is a database row, relayed to Celery.
OUTBOX_RELAY_INTERVAL = env.float("OUTBOX_RELAY_INTERVAL", default=5.0)
OUTBOX_RELAY_BATCH = env.int("OUTBOX_RELAY_BATCH", default=500)
# Socket timeouts (s) of the send right after commit (a background thread) and of the relay.
OUTBOX_SEND_TIMEOUT = env.float("OUTBOX_SEND_TIMEOUT", default=0.5)
OUTBOX_RELAY_TIMEOUT = env.float("OUTBOX_RELAY_TIMEOUT", default=2.0)
# Sent but not started after this long (doubling each time, capped): the message was lost.
OUTBOX_SENT_TIMEOUT = timedelta(seconds=env.int("OUTBOX_SENT_TIMEOUT", default=120))
OUTBOX_SENT_TIMEOUT_MAX = timedelta(seconds=env.int("OUTBOX_SENT_TIMEOUT_MAX", default=3600))
# Started but not finished after this long: the worker died. Only on SQLite; on PostgreSQL the
# relay sends a running row again as soon as its runner's advisory lock is gone.
OUTBOX_RUNNING_TIMEOUT = timedelta(
    seconds=env.int("OUTBOX_RUNNING_TIMEOUT", default=CELERY_TASK_TIME_LIMIT + 60)
)
# A failed run is tried again after a back-off (doubling, capped), and parked after this many.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_BACKOFF = timedelta(seconds=env.int("OUTBOX_RETRY_BACKOFF", default=10))
OUTBOX_RETRY_BACKOFF_MAX = timedelta(seconds=env.int("OUTBOX_RETRY_BACKOFF_MAX", default=1800))

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# One password backend for every way in (staff sign-in, admin login, anything calling
# authenticate()): Django's ModelBackend with the staff lockout.
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Staff password sign-in: lock the account after this many failures in a row, for this long.
STAFF_LOGIN_MAX_FAILURES = env.int("STAFF_LOGIN_MAX_FAILURES", default=5)
STAFF_LOGIN_LOCKOUT = timedelta(minutes=env.int("STAFF_LOGIN_LOCKOUT_MINUTES", default=15))

# Artisan one-time codes.
OTP_LENGTH = 6
OTP_VALIDITY = timedelta(minutes=env.int("OTP_VALIDITY_MINUTES", default=10))
OTP_MAX_ATTEMPTS = env.int("OTP_MAX_ATTEMPTS", default=5)
OTP_RATE_WINDOW = timedelta(minutes=env.int("OTP_RATE_WINDOW_MINUTES", default=60))
OTP_MAX_PER_MOBILE = env.int("OTP_MAX_PER_MOBILE", default=5)
OTP_MAX_PER_IP = env.int("OTP_MAX_PER_IP", default=20)
OTP_RESEND_INTERVAL = timedelta(seconds=env.int("OTP_RESEND_INTERVAL_SECONDS", default=60))

# --- Messages out -----------------------------------------------------------------------------
SMS_BACKEND = env.str("SMS_BACKEND", default="accounts.sms.ConsoleBackend")
SMS_FILE_PATH = env.path("SMS_FILE_PATH", default=str(BASE_DIR / "var" / "sms"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="odop-portal@localhost")
# Django 6.1 mailers. EMAIL_URL (smtp+tls://user:pass@host:587) selects SMTP; otherwise
# EMAIL_BACKEND picks a development backend (console by default, or file-based).
_EMAIL_URL = env.str("EMAIL_URL", default="")
if _EMAIL_URL:
    _smtp = env.email_url("EMAIL_URL")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _smtp["EMAIL_HOST"],
                "port": _smtp["EMAIL_PORT"],
                "username": _smtp["EMAIL_HOST_USER"],
                "password": _smtp["EMAIL_HOST_PASSWORD"],
                "use_tls": _smtp.get("EMAIL_USE_TLS", False),
                "use_ssl": _smtp.get("EMAIL_USE_SSL", False),
                "timeout": 10,
            },
        }
    }
else:
    _email_backend = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
    _email_options = {}
    # accounts.mail.FileBackend: one file per message, a repeat of the same message counted only.
    if _email_backend.endswith(("filebased.EmailBackend", "accounts.mail.FileBackend")):
        _email_options["file_path"] = str(
            env.path("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "email"))
        )
    MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "hi"
LANGUAGES = [("hi", _("Hindi")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-first date input and dd-mm-yyyy display in both languages (Django's defaults are US).
FORMAT_MODULE_PATH = ["odop_portal.formats"]
TIME_ZONE = "Asia/Kolkata"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents live outside the static tree and are only served through access checks.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- REST API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so that a script without valid credentials gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "odop_portal.pagination.StandardPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Every error body of every API carries `code` (field errors and filter errors included).
    "EXCEPTION_HANDLER": "odop_portal.api_errors.portal_exception_handler",
    # Counted in the default cache: Redis, shared by every web process, when REDIS_URL is set.
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "600/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ODOP Uttar Pradesh portal API",
    "DESCRIPTION": (
        "One District One Product (ODOP) programme of Uttar Pradesh: districts, products, "
        "sub-schemes and applications. Browsers use session authentication; scripts send "
        "`Authorization: Token <key>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {"YesNoEnum": "schemes.api.serializers.YES_NO_CHOICES"},
    # Every operation documents the error answers it can give (odop_portal/openapi.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "odop_portal.openapi.document_error_answers",
    ],
}

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (Django's own middleware): our scripts and styles are static files;
# the one inline script and style left (drf-spectacular's Swagger UI page) carry the nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()"
)
# Sessions end after SESSION_COOKIE_AGE (14 days) in any case, and sooner when left idle:
# staff after STAFF_SESSION_IDLE_MINUTES, artisans (often on a shared phone less often) after
# ARTISAN_SESSION_IDLE_MINUTES.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
STAFF_SESSION_IDLE = timedelta(minutes=env.int("STAFF_SESSION_IDLE_MINUTES", default=30))
ARTISAN_SESSION_IDLE = timedelta(minutes=env.int("ARTISAN_SESSION_IDLE_MINUTES", default=24 * 60))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    # The health check is called by the load balancer over plain HTTP inside the stack.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# --- Logging: no personal data is ever logged (see accounts.sms for the one place codes go) ---
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# How many proxies in front of the portal append to X-Forwarded-For (0: none, use REMOTE_ADDR).
# The one setting for every rate limit: one-time codes (odop_portal.network) and DRF's throttles.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXY_COUNT
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")

# --- Applications -----------------------------------------------------------------------------
# Days a file may wait at each office stage before it is overdue. The GOs fix some stages (bank
# decision one month, margin money release 7 days: later stages); these are the defaults for the
# others, changeable per deployment as STAGE_DAYS_<STATUS>=n.
STAGE_TIME_LIMIT_DAYS = {
    "submitted": env.int("STAGE_DAYS_SUBMITTED", default=7),
    "under_scrutiny": env.int("STAGE_DAYS_UNDER_SCRUTINY", default=15),
    # The district committees meet monthly (GO-MM-2018 para 5(2); GO-COMM-2018).
    "recommended": env.int("STAGE_DAYS_RECOMMENDED", default=30),
    "on_agenda": env.int("STAGE_DAYS_ON_AGENDA", default=30),
    "deferred": env.int("STAGE_DAYS_DEFERRED", default=30),
    # Margin Money (GO-MM-2018 para 5): to the bank within 7 days of selection; the bank decides
    # within a month; training, then the first instalment within a month of it; the bank claims
    # within 7 days of the first instalment and the DIC releases within 7 days of the claim.
    "approved": env.int("STAGE_DAYS_APPROVED", default=7),
    "sent_to_bank": env.int("STAGE_DAYS_SENT_TO_BANK", default=30),
    "loan_sanctioned": env.int("STAGE_DAYS_LOAN_SANCTIONED", default=30),
    "training_done": env.int("STAGE_DAYS_TRAINING_DONE", default=30),
    "loan_disbursed": env.int("STAGE_DAYS_LOAN_DISBURSED", default=7),
    "mm_claimed": env.int("STAGE_DAYS_MM_CLAIMED", default=7),
    # Training and Toolkit (GO-TT-2020): a 10-day batch, the honorarium by DBT after it, then the
    # toolkit; one carried forward for want of funds waits into the next financial year (5(5)).
    "in_training": env.int("STAGE_DAYS_IN_TRAINING", default=30),
    "trained": env.int("STAGE_DAYS_TRAINED", default=30),
    "honorarium_paid": env.int("STAGE_DAYS_HONORARIUM_PAID", default=30),
    "toolkit_deferred": env.int("STAGE_DAYS_TOOLKIT_DEFERRED", default=365),
    # Common Facility Centre: the state committees meet every two months (GO-COMM-2018); the DPR
    # is due within 3 months of the in-principle sanction (GO-CFC-2018 para 19); the first
    # instalment follows the final sanction and the bipartite agreement (para 27).
    "forwarded_to_state": env.int("STAGE_DAYS_FORWARDED_TO_STATE", default=60),
    "state_on_agenda": env.int("STAGE_DAYS_STATE_ON_AGENDA", default=60),
    "in_principle": env.int("STAGE_DAYS_IN_PRINCIPLE", default=90),
    # The GO sets no period for the appraisal, the final meeting or the financial sanction;
    # these are defaults the department can change.
    "dpr_submitted": env.int("STAGE_DAYS_DPR_SUBMITTED", default=90),
    "dpr_appraised": env.int("STAGE_DAYS_DPR_APPRAISED", default=60),
    "final_on_agenda": env.int("STAGE_DAYS_FINAL_ON_AGENDA", default=60),
    "final_approved": env.int("STAGE_DAYS_FINAL_APPROVED", default=30),
    "final_sanction": env.int("STAGE_DAYS_FINAL_SANCTION", default=30),
    # Para 33: state funds may not lie unused for more than 3 months; the utilisation
    # certificate of each released instalment is due within that time.
    "instalment_1": env.int("STAGE_DAYS_INSTALMENT_1", default=90),
    "instalment_2": env.int("STAGE_DAYS_INSTALMENT_2", default=90),
}
# Margin money stays as a term deposit this long before the joint inspection (GO-MM-2018 5(9)-(10)).
MARGIN_MONEY_LOCK_IN_DAYS = env.int("MARGIN_MONEY_LOCK_IN_DAYS", default=730)
# Key for the Aadhaar hash (HMAC-SHA256). Changing it breaks duplicate detection for existing
# rows, so production sets it once and keeps it; it must differ from SECRET_KEY.
AADHAAR_HASH_KEY = env.str("AADHAAR_HASH_KEY", default="")
if not AADHAAR_HASH_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("AADHAAR_HASH_KEY must be set when DEBUG is off.")
    AADHAAR_HASH_KEY = "development-aadhaar-key"
# The public open data is published, not computed per visitor: the year's figures are kept in
# the shared cache this long, and every page and API answer says the time they are as of.
OPEN_DATA_CACHE_SECONDS = env.int("OPEN_DATA_CACHE_SECONDS", default=300)
# Public pages (directory, districts, products, schemes, fairs) are rendered once into the shared
# cache and kept until what they show changes, or this long at most (0: rendered every time).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=300)
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
# Largest image accepted, in pixels (width x height), read from the header: a small file can
# declare a huge image that a browser then tries to draw. 50 megapixels is well above a phone
# camera's photo or an A4 scan at 600 dpi (35 megapixels).
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=50_000_000)
# Memory and CPU time a poppler child (reading or drawing an uploaded PDF) may take before it is
# stopped: a PDF of a few KB can hold an image that takes minutes to draw.
THUMBNAIL_MEMORY_BYTES = env.int("THUMBNAIL_MEMORY_BYTES", default=1024 * 1024 * 1024)
THUMBNAIL_CPU_SECONDS = env.int("THUMBNAIL_CPU_SECONDS", default=5)
# The public address printed (and QR-coded) on receipts and letters for /verify/<code>.
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000")
# Letter checks a network address may make per window (a bank checks one letter at a time).
VERIFY_MAX_PER_IP = env.int("VERIFY_MAX_PER_IP", default=30)
VERIFY_RATE_WINDOW_MINUTES = env.int("VERIFY_RATE_WINDOW_MINUTES", default=10)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Periodic tasks (Celery beat). `python manage.py run_periodic_tasks` runs each once by hand.
CELERY_BEAT_SCHEDULE = {
    # Stale relay runs (a worker that was down) are dropped rather than run in a heap.
    "relay-outbox": {
        "task": "outbox.tasks.relay_outbox_task",
        "schedule": OUTBOX_RELAY_INTERVAL,
        "options": {"expires": max(OUTBOX_RELAY_INTERVAL * 2, 10.0)},
    },
    "sweep-waiting-recommendations": {
        "task": "committees.tasks.sweep_waiting_recommendations_task",
        "schedule": 60.0,
    },
    "lock-due-agendas": {"task": "committees.tasks.lock_due_agendas_task", "schedule": 3600.0},
    "remind-committee-members": {"task": "committees.tasks.remind_members_task", "schedule": 3600.0},
    "escalate-overdue-files": {"task": "committees.tasks.escalate_overdue_task", "schedule": 6 * 3600.0},
    "remind-lock-ins-ending": {
        "task": "margin_money.tasks.remind_lock_ins_ending_task",
        "schedule": 24 * 3600.0,
    },
    # Files waiting for a decision move to a RuleSet on the day it takes effect.
    "apply-rulesets-in-force": {
        "task": "applications.tasks.apply_rulesets_in_force_task",
        "schedule": 3600.0,
    },
    # The dashboard's summaries count the moves of the last minute (pages count what is left).
    "refresh-dashboard-summaries": {
        "task": "dashboard.tasks.refresh_dashboard_summaries_task",
        "schedule": 60.0,
        "options": {"expires": 120.0},
    },
}
