from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("gallery.urls")),
]

if settings.DEBUG:
    # Serves the collected static files in development. Uploaded photos (MEDIA_URL) are not
    # served by anything here, so every /media/ link 404s under runserver.
    urlpatterns += static(settings.STATIC_URL, document_root=settings.STATIC_ROOT)
