"""A page's sections kept rendered in the cache, read together and written together.

Django's `{% cache %}` asks the cache once for each section it finds in a template, and
writes each missed section on its own: a page of four sections paid eight round trips to
Redis on a miss. A page that declares its sections up front (`Sections`) reads them all in
one round trip at the first it renders, and `store()` writes those it had to render in one
more. In a template: `{% section page.sections "board" %}...{% endsection %}`
(`core.templatetags.sections`).
"""

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key


class Sections:
    """The sections of one page: `vary_on` is {name: [the values its content depends on]}.
    Kept for `seconds` (0: written as the cache writes an entry that expires at once)."""

    def __init__(self, page, seconds, vary_on):
        self.seconds = seconds
        self.keys = {
            name: make_template_fragment_key(f"{page}-{name}", values)
            for name, values in vary_on.items()
        }
        self.found = None  # {key: html}, read at the first section asked
        self.rendered = {}  # {key: html} of the sections this request rendered

    def get(self, name):
        """The kept HTML of section `name`, or None."""
        if self.found is None:
            self.found = cache.get_many(list(self.keys.values()))
        return self.found.get(self.keys[name])

    def keep(self, name, html):
        """Section `name` as rendered, to be written by `store`."""
        self.rendered[self.keys[name]] = html

    def store(self):
        """Write the sections rendered since the page was read, in one round trip."""
        if self.rendered:
            cache.set_many(self.rendered, timeout=self.seconds)
            self.rendered = {}
