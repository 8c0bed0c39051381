from django import forms

from .models import Photo, Profile


class PhotoForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["album", "title", "image"]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["name", "avatar"]
