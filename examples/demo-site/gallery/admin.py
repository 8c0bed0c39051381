from django.contrib import admin

from .models import Album, Photo, Profile

admin.site.register(Album)
admin.site.register(Photo)
admin.site.register(Profile)
