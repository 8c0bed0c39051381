from django.urls import path

from . import views

app_name = "gallery"

urlpatterns = [
    path("", views.photo_list, name="photo-list"),
    path("photos/<int:pk>/", views.photo_detail, name="photo-detail"),
    path("photos/upload/", views.photo_upload, name="photo-upload"),
    path("profiles/<int:pk>/edit/", views.profile_edit, name="profile-edit"),
]
