from django.db import models
from django.utils import timezone


class Article(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    body = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="articles")

    class Meta:
        ordering = ["-published_at"]
        indexes = [models.Index(fields=["slug"])]

    def __str__(self) -> str:
        return self.title

    def publish(self) -> None:
        self.published_at = timezone.now()
        self.save(update_fields=["published_at"])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.published_at <= timezone.now()
