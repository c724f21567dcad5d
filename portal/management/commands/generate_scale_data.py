"""Add a large synthetic portal to the database, for performance tests (portal/tooling/scale/).

    manage.py generate_scale_data                 # 200 offices, 5,000 programmes, 20,000 articles
    manage.py generate_scale_data --scale small   # 10 offices, 200 programmes, 500 articles
    manage.py generate_scale_data --articles 50000 --seed 7

Runs once per database, after `load_demo` (or on any portal whose default site has a home page).
"""

import time

from django.core.management.base import BaseCommand, CommandError

from portal.tooling.scale.generator import (
    SCALES,
    SIZE_NAMES,
    ScaleDataError,
    generate,
    resolve_sizes,
)


class Command(BaseCommand):
    help = (
        "Add a large synthetic portal (offices, programmes, articles, country actions, partners, "
        "text in every language) with bulk inserts. The same --seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="default",
            help="Preset sizes: "
            + "; ".join(
                f"{name}: " + ", ".join(f"{getattr(sizes, n)} {n}" for n in SIZE_NAMES)
                for name, sizes in SCALES.items()
            ),
        )
        for name in SIZE_NAMES:
            parser.add_argument(
                f"--{name}", type=int, help=f"Number of {name} (overrides --scale)."
            )
        parser.add_argument(
            "--no-index", action="store_true", help="Do not add the new pages to the search index."
        )

    def handle(self, *args, seed, scale, no_index, **options):
        overrides = {name: options[name] for name in SIZE_NAMES if options.get(name) is not None}
        try:
            sizes = resolve_sizes(scale, overrides)
            self.stdout.write(
                f"Generating (seed {seed}): "
                + ", ".join(f"{getattr(sizes, name):,} {name}" for name in SIZE_NAMES)
            )
            started = time.monotonic()
            counts = generate(seed, sizes, log=self.stdout.write, index=not no_index)
        except ScaleDataError as error:
            raise CommandError(str(error)) from error
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count:,}")
        self.stdout.write(self.style.SUCCESS(f"Done in {time.monotonic() - started:.1f} s."))
