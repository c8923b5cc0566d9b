"""The columns of bulk rows (`core.bulk`): records named by code, yes/no flags, and a
record's dated lines in one column (`Lines`).

A lines column holds entries parted by ";" or new lines, each a head and `key=value` options,
e.g. `8703.23 annex=Annex I; -8703.23.01`. The lines listed are the record's lines: missing ones
are added, changed ones updated, unlisted ones deleted.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_date
from import_export import widgets
from import_export.fields import Field
from simple_history.utils import bulk_create_with_history

REASON = "bulk import"
BATCH = 2000
ENTRY_SEPARATOR = re.compile(r"[;\n]")
OPTION_START = re.compile(r"\s+(?=[a-z_0-9]+=)")


class ByKey(widgets.ForeignKeyWidget):
    """A related record named by a unique code (an economy's ISO3, an HS code); a code naming
    nothing is an error (ValueError) naming the code. Looked up once per code and file."""

    def __init__(self, model, field, normalize=str.strip, **kwargs):
        super().__init__(model, field, **kwargs)
        self.normalize = normalize
        self.found = {}

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        code = self.normalize(str(value))
        if code not in self.found:
            self.found[code] = self.model._default_manager.filter(**{self.field: code}).first()
        if self.found[code] is None:
            raise ValueError(f"No {self.model._meta.verbose_name} {code}.")
        return self.found[code]


class ByKeys(widgets.ManyToManyWidget):
    """Related records named by codes parted by ";"; every code must name one. Looked up
    once per code and file."""

    def __init__(self, model, field, **kwargs):
        super().__init__(model, separator=";", field=field, **kwargs)
        self.found = {}

    def clean(self, value, row=None, **kwargs):
        codes = list(dict.fromkeys(c.strip() for c in str(value or "").split(";") if c.strip()))
        unknown = [code for code in codes if code not in self.found]
        if unknown:
            self.found |= dict.fromkeys(unknown)
            self.found |= {
                getattr(record, self.field): record
                for record in self.model._default_manager.filter(**{f"{self.field}__in": unknown})
            }
        missing = [code for code in codes if self.found[code] is None]
        if missing:
            name = self.model._meta.verbose_name_plural
            raise ValueError(f"No {name} {', '.join(missing)}.")
        return [self.found[code] for code in codes]

    def render(self, value, obj=None, **kwargs):
        records = value if isinstance(value, list) else value.all() if value is not None else []
        return "; ".join(str(getattr(record, self.field)) for record in records)


class Flag(widgets.BooleanWidget):
    """yes/no, true/false or 1/0; empty is no."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().lower()
        if text in ("", "0", "no", "false", "n"):
            return False
        if text in ("1", "yes", "true", "y"):
            return True
        raise ValueError(f"{value!r} is neither yes nor no.")


def read_date(text):
    """A date written 2025-04-03; anything else is the entry's error."""
    value = parse_date(text.strip()) if text.strip() else None
    if value is None:
        raise ValidationError(f"{text!r} is not a date (2025-04-03).")
    return value


def entries(text):
    """The entries of a lines column: (number, head, {option: value})."""
    parts = [part.strip() for part in ENTRY_SEPARATOR.split(str(text or ""))]
    for number, entry in enumerate(filter(None, parts), 1):
        head, *pairs = OPTION_START.split(entry)
        options = {}
        for pair in pairs:
            key, _, value = pair.partition("=")
            options[key] = value.strip()
        yield number, head.strip(), options


class Lines:
    """A column holding a record's dated lines (see the module's notes).

    A subclass names the `model`, its foreign key to the record (`parent`), the `related_name`,
    the fields that identify a line within its record (`key_fields`), the fields an entry sets
    (`compared`), option aliases, and `read_head(head, line)`, which fills a line from the head.
    """

    model = None
    parent = ""
    related_name = ""
    key_fields = ()
    compared = ()
    aliases = {}
    # Fields the head carries besides the key fields.
    in_head = ()
    # Fields the entry's reading checks itself (related records, looked up once per file).
    unchecked = ()

    def read_head(self, head, line):
        raise NotImplementedError

    @classmethod
    def write_head(cls, line):
        """The head of the entry that reads back as `line`."""
        raise NotImplementedError

    @classmethod
    def write(cls, lines):
        """The column's text for `lines`: what `parse` reads back as the same lines."""
        written = []
        for line in lines:
            options = []
            for name in cls.compared:
                if name in cls.in_head:
                    continue
                value = getattr(line, cls.model._meta.get_field(name).attname)
                if value not in (None, "", False):
                    alias = {v: k for k, v in cls.aliases.items()}.get(name, name)
                    options.append(f"{alias}={value}")
            written.append(" ".join([cls.write_head(line), *options]))
        return "; ".join(written)

    def parse(self, text):
        """The lines the column lists, checked; a ValidationError lists each bad entry."""
        lines, errors, seen = [], [], set()
        for number, head, options in entries(text):
            line = self.model()
            try:
                self.read_head(head, line)
                self.read_options(options, line)
                line.full_clean(exclude=[self.parent, *self.unchecked], validate_constraints=False)
                key = self.key(line)
                if key in seen:
                    raise ValidationError("listed twice.")
                seen.add(key)
            except ValidationError as error:
                errors.append(f"entry {number} ({head}): {' '.join(error.messages)}")
                continue
            lines.append(line)
        if errors:
            raise ValidationError(errors)
        return lines

    def read_options(self, options, line):
        for option, text in options.items():
            name = self.aliases.get(option, option)
            if name not in self.compared:
                raise ValidationError(f"unknown option {option}.")
            field = self.model._meta.get_field(name)
            value = None if text == "" and field.null else field.to_python(text)
            setattr(line, field.attname, value)

    @classmethod
    def key(cls, line):
        return tuple(getattr(line, cls.model._meta.get_field(n).attname) for n in cls.key_fields)

    @classmethod
    def values(cls, line):
        return tuple(getattr(line, cls.model._meta.get_field(n).attname) for n in cls.compared)

    @classmethod
    def existing(cls, record):
        if record.pk is None:
            return {}
        return {cls.key(line): line for line in linked(record, cls.related_name)}

    def differ(self, record, lines):
        existing = self.existing(record)
        return set(existing) != {self.key(line) for line in lines} or any(
            self.values(existing[self.key(line)]) != self.values(line) for line in lines
        )

    def sync(self, record, lines, created, pending, user=None):
        """Make the record's lines the listed ones; each change writes its history record.
        New lines join `pending`, to be written in bulk (`write_pending`)."""
        existing = {} if created else self.existing(record)
        wanted = {self.key(line) for line in lines}
        for key, line in existing.items():
            if key not in wanted:
                stamp(line, user)
                line.delete()
        for line in lines:
            setattr(line, self.parent, record)
            old = existing.get(self.key(line))
            if old is None:
                pending.setdefault(self.model, []).append(line)
            elif self.values(old) != self.values(line):
                for name in self.compared:
                    attname = self.model._meta.get_field(name).attname
                    setattr(old, attname, getattr(line, attname))
                stamp(old, user)
                old.save()
        record.__dict__.get("_bulk_existing", {}).pop(self.related_name, None)


def write_pending(pending, user=None):
    """Write the new lines of a file, with their history records, a few queries in all."""
    for model, lines in pending.items():
        bulk_create_with_history(
            lines, model, batch_size=BATCH, default_user=user, default_change_reason=REASON
        )
    pending.clear()


def stamp(record, user):
    """The history record its next save or deletion writes says who and why."""
    record._change_reason = REASON
    if user is not None and user.is_authenticated:
        record._history_user = user


class LinesColumn(Field):
    """A column of lines (`Lines`): read by the resource, written back in the preview."""

    def __init__(self, lines_class, column_name):
        super().__init__(attribute=None, column_name=column_name)
        self.lines_class = lines_class

    def export(self, instance, **kwargs):
        listed = getattr(instance, "_bulk_lines", {})
        if self.column_name in listed:
            return self.lines_class.write(listed[self.column_name])
        return self.lines_class.write(self.lines_class.existing(instance).values())


class Snapshot(dict):
    """A record's related rows as the file's loading read them, shared by the record and the
    copy each row's preview takes (`import_row` deep-copies the record) rather than copied."""

    def __deepcopy__(self, memo):
        return self


def linked(record, name):
    """The rows of `record`'s relation `name`, as loaded with the file's records when they
    were (`KeyedInstanceLoader`): a list, which survives the copy each row's preview takes."""
    existing = record.__dict__.get("_bulk_existing", {})
    if name in existing:
        return existing[name]
    return list(getattr(record, name).all())


def signed(user):
    """The user a history record names: none for an anonymous request or a script."""
    return user if user is not None and user.is_authenticated else None


def column(attribute, widget=None, **kwargs):
    """A resource field, its column named as the attribute unless `column_name` says else."""
    kwargs.setdefault("column_name", attribute)
    return Field(attribute=attribute, widget=widget, **kwargs)
