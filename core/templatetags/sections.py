"""`{% section sections "name" %}...{% endsection %}`: a section of a page kept rendered in
the cache, read and written with the page's other sections (`core.sections.Sections`)."""

from django import template

register = template.Library()


class SectionNode(template.Node):
    def __init__(self, nodelist, sections, name):
        self.nodelist = nodelist
        self.sections = sections
        self.name = name

    def render(self, context):
        sections = self.sections.resolve(context)
        name = self.name.resolve(context)
        html = sections.get(name)
        if html is None:
            html = self.nodelist.render(context)
            sections.keep(name, html)
        return html


@register.tag("section")
def section(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(
            f"'{bits[0]}' takes the page's sections and a section's name."
        )
    nodelist = parser.parse(("endsection",))
    parser.delete_first_token()
    return SectionNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
