from django.shortcuts import get_object_or_404, redirect, render

from .forms import PhotoForm, ProfileForm
from .models import Album, Photo, Profile


def photo_list(request):
    return render(request, "gallery/photo_list.html", {"albums": Album.objects.all()})


def photo_detail(request, pk):
    return render(request, "gallery/photo_detail.html", {"photo": get_object_or_404(Photo, pk=pk)})


def photo_upload(request):
    if request.method == "POST":
        form = PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            form.save()
            return redirect("gallery:photo-list")
    else:
        form = PhotoForm()
    return render(request, "gallery/photo_upload.html", {"form": form})


def profile_edit(request, pk):
    profile = get_object_or_404(Profile, pk=pk)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("gallery:photo-list")
    return render(request, "gallery/profile_edit.html", {"form": form, "profile": profile})
