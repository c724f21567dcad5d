"""Writes the demo content into the database. Safe to run again: every object is found by a
natural key (office country, objective number, partner name, image title, page slug under its
parent...), compared with what the demo wants, and only written when something differs."""

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django_countries.fields import Country, MultipleCountriesDescriptor
from modelcluster.models import ClusterableModel
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import DraftStateMixin, Page, Site

from compact.models import CountryAction, Objective
from offices.groups import sync_all_office_groups
from offices.models import Office, Partner
from portal.localization import demand, status, units
from portal.localization.models import TranslationState
from portal.models import HomePage
from portal.tooling.demo import content, coverage_history, pages, termbase
from portal.tooling.demo import jobs as demo_jobs
from portal.tooling.demo import pledges as demo_pledges
from portal.tooling.demo import publications as demo_publications
from portal.tooling.demo.blocks import Ref
from portal.tooling.demo.documents import make_pages_pdf, make_pdf
from portal.tooling.demo.images import render

LANGS = tuple(code for code, _name in settings.LANGUAGES)
DEFAULT_LANG = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
SITE_NAME = "Migration portal"

# Letters that Django's slugify would drop instead of transliterating.
_TRANSLITERATE = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss"}
)


def make_slug(text):
    """A URL slug that keeps Nordic letters readable (å -> a, ø -> o) and splits French
    elisions (l'UE -> l-ue) but not the Dutch plural (programma's -> programmas)."""
    return slugify(re.sub(r"[’'](?!s\b)", "-", text.translate(_TRANSLITERATE)))


def clear_route_caches():
    """Forget the sites' root paths Wagtail keeps (per process, and in the cache per language),
    after pages or sites were written."""
    Site.clear_site_root_paths_cache()
    for lang in LANGS:
        cache.delete(f"wagtail_site_root_paths_{lang}")


def translated(field_name, texts):
    """{field_en: ..., field_fr: ...} for every portal language; missing ones are None."""
    return {f"{field_name}_{lang}": (texts.get(lang) or None) for lang in LANGS}


def comparable(value):
    """Values as they compare across a database round trip (countries as codes, models as pks)."""
    if isinstance(value, Country):
        return value.code
    if isinstance(value, list | tuple | MultipleCountriesDescriptor):
        return [comparable(item) for item in value]
    if hasattr(value, "_meta") and hasattr(value, "pk"):
        return value.pk
    return value


def same(current, wanted):
    """Whether a field already holds the wanted value. Multiple country fields store their
    codes sorted, so their order does not count."""
    if isinstance(current, MultipleCountriesDescriptor):
        return sorted(comparable(current)) == sorted(comparable(wanted))
    return comparable(current) == comparable(wanted)


def strip_ids(data):
    """Raw stream data without block ids, and with list items in one format, for comparing."""
    if isinstance(data, list):
        return [strip_ids(item) for item in data]
    if isinstance(data, dict):
        if set(data) <= {"type", "value", "id"} and data.get("type") == "item":
            return strip_ids(data["value"])
        return {key: strip_ids(value) for key, value in data.items() if key != "id"}
    return data


def stream_fingerprint(stream_field, value):
    stream_value = stream_field.to_python(value)
    return json.dumps(
        strip_ids(stream_field.stream_block.get_prep_value(stream_value)), sort_keys=True
    )


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)

    def note(self, kind, what):
        self.counts[f"{kind} {what}"] += 1

    def lines(self):
        return [f"  {key}: {value}" for key, value in sorted(self.counts.items())]


class DemoLoader:
    def __init__(self, admin_username="admin", admin_password="portal-demo"):  # noqa: S107
        self.admin_username = admin_username
        self.admin_password = admin_password
        self.report = Report()
        self.images = {}
        self.documents = {}
        self.offices = {}
        self.partners = {}
        self.objectives = {}
        self.pages = {}  # spec key -> page

    # --- entry point -------------------------------------------------------------------

    def run(self):
        with translation.override(DEFAULT_LANG), transaction.atomic():
            self.admin = self.load_admin()
            self.load_images()
            self.load_documents()
            self.load_objectives()
            termbase.seed(self.objectives.values(), LANGS, self.report.note)
            self.load_partners()
            self.load_offices()
            self.load_country_actions()
            demo_pledges.load(self, translated)
            tree = demo_publications.add_to(pages.site_tree())
            self.prepare_tree_root()
            home = self.load_home(tree)
            for child in tree.children:
                self.create_pages(home, child)
            for spec in tree.walk():
                self.publish_page(spec)
            self.repair_url_paths(home)
            self.record_translation_states()
            coverage_history.seed(self.report.note)
            sync_all_office_groups(self.offices.values())
            self.load_office_users()
            demo_jobs.seed(self.admin, self.admin_password, self.report.note)
            demand.seed_demo()  # a week of what visitors missed
        clear_route_caches()
        return self.report

    # --- plain models ------------------------------------------------------------------

    def upsert(self, model, lookup, values, m2m=None):
        """Find the row by `lookup`; create it, or update the fields that differ. A record with
        drafts (offices, partners, objectives, country actions) is then published as a new
        revision, as an editor's "Publish" would: live, with its history."""
        label = model._meta.verbose_name_plural
        obj = model.objects.filter(**lookup).first()
        touched = False
        if obj is None:
            obj = model(**{**lookup, **values})
            obj.full_clean()
            obj.save()
            touched = True
            self.report.note("created", label)
        else:
            changed = [
                name for name, value in values.items() if not same(getattr(obj, name), value)
            ]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.full_clean()
                obj.save()
                touched = True
                self.report.note("updated", label)
            else:
                self.report.note("unchanged", label)
        for name, related in (m2m or {}).items():
            manager = getattr(obj, name)
            if set(manager.values_list("pk", flat=True)) != {item.pk for item in related}:
                manager.set(related)
                touched = True
                if isinstance(obj, ClusterableModel):  # a parental link waits for save()
                    obj.save()
        # A record loaded before records had revisions gets its first one too.
        if isinstance(obj, DraftStateMixin) and (touched or obj.live_revision_id is None):
            obj.save_revision(clean=False).publish(skip_permission_checks=True)
        return obj

    def load_admin(self):
        User = get_user_model()
        user = User.objects.filter(username=self.admin_username).first()
        if user is None:
            user = User.objects.create_superuser(
                self.admin_username, f"{self.admin_username}@example.org", self.admin_password
            )
            self.report.note("created", "users")
        return user

    # An editor and a moderator of the Norway office, to try the editors' side of the admin, and
    # a moderator of the Global Compact data (partners, objectives, country actions).
    OFFICE_USERS = (
        ("norway-editor", "Nora", "IOM Norway editors"),
        ("norway-moderator", "Magnus", "IOM Norway moderators"),
        ("compact-moderator", "Gaia", "Global Compact data moderators"),
    )

    def load_office_users(self):
        User = get_user_model()
        for username, first_name, group_name in self.OFFICE_USERS:
            if User.objects.filter(username=username).exists():
                continue  # never reset a password someone may have changed
            user = User.objects.create_user(
                username, f"{username}@example.org", self.admin_password, first_name=first_name
            )
            # The migrations make the Global Compact data group; a database made without their
            # data (a scratch site's `migrate --run-syncdb`) gets an empty one here.
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])
            self.report.note("created", "users")

    def load_images(self):
        Image = get_image_model()
        for spec in content.IMAGES:
            image = Image.objects.filter(title=spec.title).order_by("pk").first()
            if image is None:
                image = Image(title=spec.title, uploaded_by_user=self.admin)
                image.file = ContentFile(render(spec), name=f"demo-{spec.key}.png")
                image._set_image_file_metadata()
                image.save()
                self.report.note("created", "images")
            self.images[spec.key] = image

    def load_documents(self):
        for spec in content.DOCUMENTS:
            self.documents[spec.key] = self.load_document(
                spec.title,
                spec.filename,
                lambda spec=spec: make_pdf(spec.heading, list(spec.paragraphs)),
            )
        for spec in demo_publications.DOCUMENTS:  # the publications' files, several pages each
            self.documents[spec.key] = self.load_document(
                spec.title, spec.filename, lambda spec=spec: make_pages_pdf(list(spec.pages))
            )

    def load_document(self, title, filename, make):
        Document = get_document_model()
        document = Document.objects.filter(title=title).order_by("pk").first()
        if document is None:
            document = Document(title=title, uploaded_by_user=self.admin)
            document.file = ContentFile(make(), name=filename)
            document._set_document_file_metadata()
            document.save()
            self.report.note("created", "documents")
        return document

    def load_objectives(self):
        for number in range(1, 24):
            titles = {lang: content.objective_title(number, lang) for lang in LANGS}
            summaries = {lang: content.objective_summary(number, lang) for lang in LANGS}
            self.objectives[number] = self.upsert(
                Objective,
                {"number": number},
                {**translated("title", titles), **translated("summary", summaries)},
            )

    def load_partners(self):
        for spec in content.PARTNERS:
            self.partners[spec.key] = self.upsert(
                Partner,
                {"name_en": spec.name["en"]},
                {**translated("name", spec.name), "kind": spec.kind},
            )

    def load_offices(self):
        for spec in content.OFFICES:
            self.offices[spec.country] = self.upsert(
                Office,
                {"country": spec.country},
                {
                    **translated("name", spec.name),
                    **translated("city", spec.city),
                    "email": spec.email,
                    "website": spec.website,
                    "phone": "",
                    "year_opened": spec.year_opened,
                    "covers": list(spec.covers),
                    "languages": list(spec.languages),
                },
            )

    def load_country_actions(self):
        source = translated("source", content.GCM_REPORT_SOURCE)
        wanted = set()
        for spec in content.COUNTRY_ACTIONS:
            action = self.upsert(
                CountryAction,
                {
                    "country": spec.country,
                    "year": spec.year,
                    "description_en": spec.description["en"],
                },
                {**translated("description", spec.description), **source},
                m2m={"objectives": [self.objectives[n] for n in spec.objectives]},
            )
            wanted.add(action.pk)
        # Rows the demo once loaded but no longer lists (their description changed).
        stale = CountryAction.objects.filter(source_en=content.GCM_REPORT_SOURCE["en"]).exclude(
            pk__in=wanted
        )
        deleted, _ = stale.delete()
        if deleted:
            self.report.note("deleted", "stale country actions")

    # --- pages -------------------------------------------------------------------------

    def prepare_tree_root(self):
        """The tree root predates the translation columns when update_translation_fields has
        not run (as in tests): give it the url_path every language's paths are built on."""
        root = Page.get_first_root_node()
        missing = {
            f"url_path_{lang}": "/" for lang in LANGS if getattr(root, f"url_path_{lang}") != "/"
        }
        if not root.title_en:
            missing["title_en"] = "Root"
        if not root.slug_en:
            missing["slug_en"] = "root"
        if missing:
            Page.objects.filter(pk=root.pk).update(**missing)
        self.root = Page.get_first_root_node()

    def load_home(self, spec):
        """The HomePage, as the root of the default site (replacing Wagtail's welcome page)."""
        home = HomePage.objects.order_by("pk").first()
        site = (
            Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
        )
        old_root = site.root_page if site else None
        if home is None:
            if old_root is not None and spec.slug in (old_root.slug_en, old_root.slug):
                # Free the slug: the welcome page is removed once the site points at home.
                Page.objects.filter(pk=old_root.pk).update(slug_en=f"old-{old_root.pk}")
            home = self.create_page(self.root, spec)
        self.pages[spec.key] = home
        if site is None:
            site = Site(is_default_site=True)
        wanted = {
            "hostname": "localhost",
            "port": 80,
            "is_default_site": True,
            "root_page_id": home.pk,
            "site_name": SITE_NAME,
        }
        if any(getattr(site, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(site, name, value)
            site.save()
            self.report.note("updated", "sites")
        if old_root is not None and old_root.pk != home.pk:
            old_root = Page.objects.get(pk=old_root.pk)
            if old_root.specific_class is Page and not old_root.get_children().exists():
                old_root.delete()
                self.report.note("deleted", "welcome pages")
        return home

    def create_pages(self, parent, spec):
        """Pass 1: make sure every page exists (as a draft when new), so that pages can link
        to each other before any of them is published."""
        model = apps.get_model(spec.model)
        page = parent.get_children().filter(slug_en=spec.slug).first()
        if page is None:
            page = self.create_page(parent, spec)
        else:
            page = page.specific
            if not isinstance(page, model):
                raise ImproperlyConfigured(
                    f"{page.url_path} is a {type(page).__name__}, the demo wants a {model.__name__}"
                )
        self.pages[spec.key] = page
        for child in spec.children:
            self.create_pages(page, child)

    def create_page(self, parent, spec):
        model = apps.get_model(spec.model)
        page = model(live=False, owner=self.admin)
        self.apply_fields(page, spec, with_bodies=False)
        parent.add_child(instance=page)
        self.report.note("created", "pages")
        return page

    def page_values(self, spec, model):
        values = {**translated("title", spec.title), **translated("summary", spec.summary)}
        values.update(self.page_slugs(spec))
        values.update(spec.fields)
        for name, texts in spec.translated.items():
            values.update(translated(name, texts))
        if spec.office:
            values["office_id"] = self.offices[spec.office].pk
        if spec.objective:
            values["objective_id"] = self.objectives[spec.objective].pk
        return values

    def page_slugs(self, spec):
        slugs = {f"slug_{lang}": None for lang in LANGS}
        slugs[f"slug_{DEFAULT_LANG}"] = spec.slug
        if spec.key == "home":
            return slugs  # the site root: its slug never shows in a URL
        for lang in LANGS:
            if lang == DEFAULT_LANG:
                continue
            slug = spec.slugs.get(lang) or (
                make_slug(spec.title[lang]) if lang in spec.title else None
            )
            slugs[f"slug_{lang}"] = slug
        return slugs

    def page_bodies(self, spec, model):
        if not hasattr(model, "body"):
            if spec.body:
                raise ImproperlyConfigured(f"{model.__name__} has no body ({spec.key})")
            return {}
        return {f"body_{lang}": json.dumps(self.resolve(spec.body.get(lang, []))) for lang in LANGS}

    def m2m_values(self, spec):
        lookups = {
            "offices": self.offices,
            "partners": self.partners,
            "objectives": self.objectives,
        }
        return {name: [lookups[name][key] for key in keys] for name, keys in spec.m2m.items()}

    def apply_fields(self, page, spec, with_bodies=True):
        """Set what differs from the spec on the page (in memory); return whether anything did."""
        model = type(page)
        changed = False
        for name, value in self.page_values(spec, model).items():
            if not same(getattr(page, name), value):
                setattr(page, name, value)
                changed = True
        if with_bodies:
            for name, value in self.page_bodies(spec, model).items():
                stream_field = model._meta.get_field(name)
                if stream_fingerprint(stream_field, getattr(page, name)) != stream_fingerprint(
                    stream_field, value
                ):
                    setattr(page, name, value)
                    changed = True
        for name, related in self.m2m_values(spec).items():
            manager = getattr(page, name)
            current = {item.pk for item in manager.all()}
            if current != {item.pk for item in related}:
                manager.set(related)
                changed = True
        if with_bodies and spec.files:
            changed = self.apply_files(page, spec) or changed
        if hasattr(model, "tags") and set(page.tags.names()) != set(spec.tags):
            page.tags.set(spec.tags)
            changed = True
        return changed

    def apply_files(self, page, spec):
        """A publication's files (language -> document), as the spec lists them."""
        from portal.publications.models import PublicationFile

        wanted = {lang: self.documents[key].pk for lang, key in spec.files.items()}
        current = {f.language: f.document_id for f in page.files.all()}
        if current == wanted:
            return False
        page.files = [
            PublicationFile(language=lang, document_id=pk, sort_order=i)
            for i, (lang, pk) in enumerate(wanted.items())
        ]
        return True

    def publish_page(self, spec):
        """Pass 2: give the page all its content and publish a revision if anything changed."""
        page = self.pages[spec.key]
        page = type(page).objects.get(pk=page.pk)
        changed = self.apply_fields(page, spec)
        if (
            changed
            or not page.live
            or page.has_unpublished_changes
            or page.live_revision_id is None
        ):
            page.save_revision(user=self.admin, log_action=True).publish(user=self.admin)
            self.report.note("published", "pages")
        else:
            self.report.note("unchanged", "pages")
        self.pages[spec.key] = page

    def resolve(self, data):
        """Raw stream data with each Ref replaced by the id of what it names."""
        if isinstance(data, Ref):
            registry = {"image": self.images, "document": self.documents, "page": self.pages}[
                data.kind
            ]
            return registry[data.key].pk
        if isinstance(data, list):
            return [self.resolve(item) for item in data]
        if isinstance(data, dict):
            return {key: self.resolve(value) for key, value in data.items()}
        return data

    def repair_url_paths(self, home):
        """Check that every page's url_path in every language is its parent's plus its own slug
        in that language (falling back to English), and fix any that is not."""
        fixed = 0
        for page in home.get_descendants(inclusive=True).order_by("path"):
            parent = page.get_parent()
            updates = {}
            for lang in LANGS:
                parent_path = getattr(parent, f"url_path_{lang}") or getattr(
                    parent, f"url_path_{DEFAULT_LANG}"
                )
                slug = getattr(page, f"slug_{lang}") or getattr(page, f"slug_{DEFAULT_LANG}")
                expected = f"{parent_path}{slug}/"
                if getattr(page, f"url_path_{lang}") != expected:
                    updates[f"url_path_{lang}"] = expected
            if updates:
                Page.objects.filter(pk=page.pk).update(**updates)
                fixed += 1
        if fixed:
            self.report.note("repaired url paths of", "pages")

    def record_translation_states(self):
        """Translation states for everything loaded, then the demo's outdated translations."""
        for model in units.content_models():
            for obj in units.specific_objects(model):
                status.record(obj)
        for label, lookup, field_name, lang, older_source in content.OUTDATED_TRANSLATIONS:
            obj = apps.get_model(label).objects.get(**lookup)
            TranslationState.objects.filter(
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=obj.pk,
                field=field_name,
                language=lang,
            ).update(source_hash=units.fingerprint(older_source), source_text=older_source)
