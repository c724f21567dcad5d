"""What an import found, shared by the formats that write all or nothing: PO, XLIFF and TBX."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class Problem:
    message: str
    context: str | None = None  # the entry it concerns: a PO context, a unit id, a termEntry id
    line: int | None = None

    def __str__(self):
        where = []
        if self.line:
            where.append(_("line %(line)s") % {"line": self.line})
        if self.context:
            where.append(self.context)
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class FileReport:
    """Errors refuse the whole file; a subclass counts what was written and says so in
    `written_summary()`."""

    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    def error(self, message, context=None, line=None):
        self.errors.append(Problem(message, context, line))

    def summary(self):
        if not self.ok:
            return _(
                "Nothing was imported: %(count)s problem(s) found. Correct them and import again."
            ) % {"count": len(self.errors)}
        return self.written_summary()

    def written_summary(self):
        raise NotImplementedError

    def lines(self):
        return [self.summary(), *[str(p) for p in self.errors]]
