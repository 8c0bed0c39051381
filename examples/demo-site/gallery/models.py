from django.db import models


class Album(models.Model):
    title = models.CharField(max_length=120)
    cover = models.ImageField(upload_to="banners/", blank=True)

    def __str__(self):
        return self.title


class Photo(models.Model):
    album = models.ForeignKey(Album, related_name="photos", on_delete=models.CASCADE)
    title = models.CharField(max_length=120)
    image = models.ImageField(upload_to="photos/%Y/%m/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.title


class Profile(models.Model):
    name = models.CharField(max_length=80)
    avatar = models.ImageField(upload_to="avatars/", default="avatars/default.svg")
    resume = models.FileField(upload_to="documents/", blank=True)

    def __str__(self):
        return self.name
