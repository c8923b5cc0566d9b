"""Slugs made from titles and names, for addresses."""

from django.core.exceptions import ValidationError
from slugify import slugify

# Dropped rather than split on: "Japan's" gives "japans".
APOSTROPHES = [["'", ""], ["\u2019", ""]]


def slug_from(text, max_length):
    """Lowercase ASCII words joined by hyphens. Every other character separates words: spaces,
    dashes of every kind (en, em, figure, minus...), slashes, so "United Kingdom–United States"
    gives "united-kingdom-united-states"; accents are transliterated; cut at a word boundary."""
    return slugify(text, max_length=max_length, word_boundary=True, replacements=APOSTROPHES)


class SlugFromMixin:
    """A model whose empty `slug` is made from `slug_source` (its title or name), when it is
    validated and when it is saved."""

    slug_source = "title"

    def fill_slug(self):
        if not self.slug:
            limit = self._meta.get_field("slug").max_length
            self.slug = slug_from(getattr(self, self.slug_source) or "", limit)
        if not self.slug:  # nothing in the title or name to make one from (symbols only)
            raise ValidationError(
                {"slug": f"The {self.slug_source} gives no slug (no letters or digits); set one."}
            )

    def save(self, *args, **kwargs):
        self.fill_slug()
        super().save(*args, **kwargs)
