/**
 * Django 5.2's global_settings (django/conf/global_settings.py) as data: what django.conf.settings
 * returns for a name the settings module leaves unset. LANGUAGES and LANGUAGES_BIDI change with
 * every Django release and are left unknown.
 */
import { dictFromEntries, NONE, pyBool, pyFloat, pyInt, pyList, strValue, unknown, type PyValue } from '../python';
import type { PyJson } from '../model';

const DEFAULTS: Record<string, PyJson> = {
  "ABSOLUTE_URL_OVERRIDES": {},
  "ADMINS": [],
  "ALLOWED_HOSTS": [],
  "APPEND_SLASH": true,
  "AUTHENTICATION_BACKENDS": [
    "django.contrib.auth.backends.ModelBackend"
  ],
  "AUTH_PASSWORD_VALIDATORS": [],
  "AUTH_USER_MODEL": "auth.User",
  "CACHES": {
    "default": {
      "BACKEND": "django.core.cache.backends.locmem.LocMemCache"
    }
  },
  "CACHE_MIDDLEWARE_ALIAS": "default",
  "CACHE_MIDDLEWARE_KEY_PREFIX": "",
  "CACHE_MIDDLEWARE_SECONDS": 600,
  "CSRF_COOKIE_AGE": 31449600,
  "CSRF_COOKIE_DOMAIN": null,
  "CSRF_COOKIE_HTTPONLY": false,
  "CSRF_COOKIE_NAME": "csrftoken",
  "CSRF_COOKIE_PATH": "/",
  "CSRF_COOKIE_SAMESITE": "Lax",
  "CSRF_COOKIE_SECURE": false,
  "CSRF_FAILURE_VIEW": "django.views.csrf.csrf_failure",
  "CSRF_HEADER_NAME": "HTTP_X_CSRFTOKEN",
  "CSRF_TRUSTED_ORIGINS": [],
  "CSRF_USE_SESSIONS": false,
  "DATABASES": {},
  "DATABASE_ROUTERS": [],
  "DATA_UPLOAD_MAX_MEMORY_SIZE": 2621440,
  "DATA_UPLOAD_MAX_NUMBER_FIELDS": 1000,
  "DATA_UPLOAD_MAX_NUMBER_FILES": 100,
  "DATETIME_FORMAT": "N j, Y, P",
  "DATETIME_INPUT_FORMATS": [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M:%S.%f",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%y %H:%M:%S.%f",
    "%m/%d/%y %H:%M"
  ],
  "DATE_FORMAT": "N j, Y",
  "DATE_INPUT_FORMATS": [
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%m/%d/%y",
    "%b %d %Y",
    "%b %d, %Y",
    "%d %b %Y",
    "%d %b, %Y",
    "%B %d %Y",
    "%B %d, %Y",
    "%d %B %Y",
    "%d %B, %Y"
  ],
  "DEBUG": false,
  "DEBUG_PROPAGATE_EXCEPTIONS": false,
  "DECIMAL_SEPARATOR": ".",
  "DEFAULT_AUTO_FIELD": "django.db.models.AutoField",
  "DEFAULT_CHARSET": "utf-8",
  "DEFAULT_EXCEPTION_REPORTER": "django.views.debug.ExceptionReporter",
  "DEFAULT_EXCEPTION_REPORTER_FILTER": "django.views.debug.SafeExceptionReporterFilter",
  "DEFAULT_FROM_EMAIL": "webmaster@localhost",
  "DEFAULT_INDEX_TABLESPACE": "",
  "DEFAULT_TABLESPACE": "",
  "DISALLOWED_USER_AGENTS": [],
  "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
  "EMAIL_HOST": "localhost",
  "EMAIL_HOST_PASSWORD": "",
  "EMAIL_HOST_USER": "",
  "EMAIL_PORT": 25,
  "EMAIL_SSL_CERTFILE": null,
  "EMAIL_SSL_KEYFILE": null,
  "EMAIL_SUBJECT_PREFIX": "[Django] ",
  "EMAIL_TIMEOUT": null,
  "EMAIL_USE_LOCALTIME": false,
  "EMAIL_USE_SSL": false,
  "EMAIL_USE_TLS": false,
  "FILE_UPLOAD_DIRECTORY_PERMISSIONS": null,
  "FILE_UPLOAD_HANDLERS": [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler"
  ],
  "FILE_UPLOAD_MAX_MEMORY_SIZE": 2621440,
  "FILE_UPLOAD_PERMISSIONS": 420,
  "FILE_UPLOAD_TEMP_DIR": null,
  "FIRST_DAY_OF_WEEK": 0,
  "FIXTURE_DIRS": [],
  "FORCE_SCRIPT_NAME": null,
  "FORMAT_MODULE_PATH": null,
  "FORMS_URLFIELD_ASSUME_HTTPS": false,
  "FORM_RENDERER": "django.forms.renderers.DjangoTemplates",
  "IGNORABLE_404_URLS": [],
  "INSTALLED_APPS": [],
  "INTERNAL_IPS": [],
  "LANGUAGE_CODE": "en-us",
  "LANGUAGE_COOKIE_AGE": null,
  "LANGUAGE_COOKIE_DOMAIN": null,
  "LANGUAGE_COOKIE_HTTPONLY": false,
  "LANGUAGE_COOKIE_NAME": "django_language",
  "LANGUAGE_COOKIE_PATH": "/",
  "LANGUAGE_COOKIE_SAMESITE": null,
  "LANGUAGE_COOKIE_SECURE": false,
  "LOCALE_PATHS": [],
  "LOGGING": {},
  "LOGGING_CONFIG": "logging.config.dictConfig",
  "LOGIN_REDIRECT_URL": "/accounts/profile/",
  "LOGIN_URL": "/accounts/login/",
  "LOGOUT_REDIRECT_URL": null,
  "MANAGERS": [],
  "MEDIA_ROOT": "",
  "MEDIA_URL": "",
  "MESSAGE_STORAGE": "django.contrib.messages.storage.fallback.FallbackStorage",
  "MIDDLEWARE": [],
  "MIGRATION_MODULES": {},
  "MONTH_DAY_FORMAT": "F j",
  "NUMBER_GROUPING": 0,
  "PASSWORD_HASHERS": [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher"
  ],
  "PASSWORD_RESET_TIMEOUT": 259200,
  "PREPEND_WWW": false,
  "SECRET_KEY": "",
  "SECRET_KEY_FALLBACKS": [],
  "SECURE_CONTENT_TYPE_NOSNIFF": true,
  "SECURE_CROSS_ORIGIN_OPENER_POLICY": "same-origin",
  "SECURE_HSTS_INCLUDE_SUBDOMAINS": false,
  "SECURE_HSTS_PRELOAD": false,
  "SECURE_HSTS_SECONDS": 0,
  "SECURE_PROXY_SSL_HEADER": null,
  "SECURE_REDIRECT_EXEMPT": [],
  "SECURE_REFERRER_POLICY": "same-origin",
  "SECURE_SSL_HOST": null,
  "SECURE_SSL_REDIRECT": false,
  "SERVER_EMAIL": "root@localhost",
  "SESSION_CACHE_ALIAS": "default",
  "SESSION_COOKIE_AGE": 1209600,
  "SESSION_COOKIE_DOMAIN": null,
  "SESSION_COOKIE_HTTPONLY": true,
  "SESSION_COOKIE_NAME": "sessionid",
  "SESSION_COOKIE_PATH": "/",
  "SESSION_COOKIE_SAMESITE": "Lax",
  "SESSION_COOKIE_SECURE": false,
  "SESSION_ENGINE": "django.contrib.sessions.backends.db",
  "SESSION_EXPIRE_AT_BROWSER_CLOSE": false,
  "SESSION_FILE_PATH": null,
  "SESSION_SAVE_EVERY_REQUEST": false,
  "SESSION_SERIALIZER": "django.contrib.sessions.serializers.JSONSerializer",
  "SHORT_DATETIME_FORMAT": "m/d/Y P",
  "SHORT_DATE_FORMAT": "m/d/Y",
  "SIGNING_BACKEND": "django.core.signing.TimestampSigner",
  "SILENCED_SYSTEM_CHECKS": [],
  "STATICFILES_DIRS": [],
  "STATICFILES_FINDERS": [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder"
  ],
  "STATIC_ROOT": null,
  "STATIC_URL": null,
  "STORAGES": {
    "default": {
      "BACKEND": "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {
      "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
  },
  "TEMPLATES": [],
  "TEST_NON_SERIALIZED_APPS": [],
  "TEST_RUNNER": "django.test.runner.DiscoverRunner",
  "THOUSAND_SEPARATOR": ",",
  "TIME_FORMAT": "P",
  "TIME_INPUT_FORMATS": [
    "%H:%M:%S",
    "%H:%M:%S.%f",
    "%H:%M"
  ],
  "TIME_ZONE": "America/Chicago",
  "USE_I18N": true,
  "USE_THOUSAND_SEPARATOR": false,
  "USE_TZ": true,
  "USE_X_FORWARDED_HOST": false,
  "USE_X_FORWARDED_PORT": false,
  "WSGI_APPLICATION": null,
  "X_FRAME_OPTIONS": "DENY",
  "YEAR_MONTH_FORMAT": "F Y"
};

const VERSION_DEPENDENT = new Set(['LANGUAGES', 'LANGUAGES_BIDI']);

function fromJson(v: PyJson): PyValue {
  if (v === null) return NONE;
  if (typeof v === 'boolean') return pyBool(v);
  if (typeof v === 'number') return Number.isInteger(v) ? pyInt(v) : pyFloat(v);
  if (typeof v === 'string') return strValue(v);
  if (Array.isArray(v)) return pyList(v.map(fromJson));
  return dictFromEntries(Object.entries(v).map(([k, x]): [string, PyValue] => [k, fromJson(x)]));
}

const versionDependentDefaults = new WeakSet<PyValue>();

/** True for the unknown that stands for Django's own LANGUAGES / LANGUAGES_BIDI (the project left
 *  them unset): its exact entries vary by version, but their shape (language codes) does not. */
export function isVersionDependentDefault(value: PyValue): boolean {
  return versionDependentDefaults.has(value);
}

/** The names Django's global_settings defines (LANGUAGES and LANGUAGES_BIDI included). */
export const GLOBAL_SETTING_NAMES: readonly string[] = [...Object.keys(DEFAULTS), ...VERSION_DEPENDENT].sort();

/** Django's default for a setting as a fresh Python value (unknown for the version-dependent
 *  language lists), or undefined when global_settings does not define the name. */
export function globalSettingDefault(name: string): PyValue | undefined {
  if (VERSION_DEPENDENT.has(name)) {
    const value = unknown(`Django's default ${name} differs between Django versions`);
    versionDependentDefaults.add(value);
    return value;
  }
  return name in DEFAULTS ? fromJson(DEFAULTS[name]!) : undefined;
}
