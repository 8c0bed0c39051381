from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Album",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=120)),
                ("cover", models.ImageField(blank=True, upload_to="banners/")),
            ],
        ),
        migrations.CreateModel(
            name="Profile",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=80)),
                ("avatar", models.ImageField(default="avatars/default.svg", upload_to="avatars/")),
                ("resume", models.FileField(blank=True, upload_to="documents/")),
            ],
        ),
        migrations.CreateModel(
            name="Photo",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("title", models.CharField(max_length=120)),
                ("image", models.ImageField(upload_to="photos/%Y/%m/")),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                ("album", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="photos", to="gallery.album")),
            ],
            options={"ordering": ["-uploaded_at"]},
        ),
    ]
