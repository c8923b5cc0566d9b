"""Django's template engine, whose renderings leave nothing for the garbage collector.

To render a view's values with a request, Django pushes them onto a new RequestContext as a
ContextDict, which keeps a reference back to its context (`django.template.context.
make_context`): a reference cycle, so that everything the view gave its template (a page's
rows, events, boards, a list's table) outlives the request until the collector finds it, and
every collection on the way walks it again. A negotiation page left 1,155 such objects a
request, and collecting them cost 7 % of its time (docs/benchmarks.md, "ninth pass"). Here
the context lets go of its values once the template is written, and they go with the request.
"""

from django.template import TemplateDoesNotExist
from django.template.backends import django as backend
from django.template.context import make_context


class Template(backend.Template):
    def render(self, context=None, request=None):
        made = make_context(context, request, autoescape=self.backend.engine.autoescape)
        try:
            return self.template.render(made)
        except TemplateDoesNotExist as exc:
            backend.reraise(exc, self.backend)
        finally:
            made.dicts.clear()  # the cycle broken: the context and its values freed now


class DjangoTemplates(backend.DjangoTemplates):
    def from_string(self, template_code):
        return Template(self.engine.from_string(template_code), self)

    def get_template(self, template_name):
        try:
            return Template(self.engine.get_template(template_name), self)
        except TemplateDoesNotExist as exc:
            backend.reraise(exc, self)
