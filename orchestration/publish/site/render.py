"""Drawing pages from their templates (Jinja2, HTML autoescaped): every page gets the release
(id, date, licence lines), its ``root`` (the relative climb to the release folder, so every link
is relative) and whether the release has a change log."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from orchestration.publish.site import paths
from orchestration.publish.site.page import Page
from orchestration.publish.site.site_data import Release

TEMPLATES = Path(__file__).with_name("templates")


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    # the release's dbt documentation page, when it has one (write_site sets it)
    env.globals.update(link=link, csv_link=csv_link, dbt_docs=None)
    env.filters["first_upper"] = first_upper
    return env


def first_upper(text: str) -> str:
    """The first letter in capitals and the rest as written ('DfE ...' stays 'DfE ...', which
    Jinja's ``capitalize`` would make 'Dfe ...')."""
    return text[:1].upper() + text[1:]


@jinja2.pass_context
def link(context: jinja2.runtime.Context, text: object, href: str | None) -> Markup:
    """``<a>`` to a release-relative ``href`` from the page being drawn; the text alone when
    there is no target. (A Python function: a template macro called this often is slow.)"""
    if not href:
        return escape(text)
    # concatenated, not Markup.format: this runs some 140,000 times per site
    return Markup(f'<a href="{escape(context["root"])}{escape(href)}">{escape(text)}</a>')


@jinja2.pass_context
def csv_link(context: jinja2.runtime.Context, href: str | None, text: str = "CSV row") -> Markup:
    """The link to a CSV row (nothing when the row is unknown)."""
    return link(context, text, href) if href else Markup("")


def render(env: jinja2.Environment, page: Page, release: Release, has_changes: bool) -> str:
    template = env.get_template(page.template)
    return template.render(
        page=page,
        root=paths.root_of(page.path),
        release=release,
        has_changes=has_changes,
        **page.context,
    )
