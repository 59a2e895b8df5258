"""`transflow extract`: keep every article's catalogs in step with its source."""

from __future__ import annotations

from transflow.cli import ArticlesArg, LangOpt, app, console, open_project, warn_orphans


@app.command()
def extract(articles: ArticlesArg = None, lang: LangOpt = None) -> None:
    """Create or update translations/<lang>/<slug>.po from the source articles.

    msgmerge semantics: new sentences are added untranslated, unchanged ones keep their
    translation, a changed sentence keeps the old translation as a fuzzy suggestion
    (#| msgid), and removed sentences become obsolete (#~). Running it twice changes nothing.
    """
    from transflow.extract.extract import extract as run

    project = open_project()
    report = run(project, articles, lang)
    out = console()
    for r in report.results:
        what = "created" if r.created else ("updated" if r.written else "unchanged")
        s = r.stats
        detail = (
            f"{s.kept} kept, {s.added} new, {s.fuzzy} fuzzy (source changed), "
            f"{s.obsoleted} obsolete" + (f", {s.revived} revived" if s.revived else "")
        )
        out.print(f"{what:9} {project.relative(r.path)}  ({detail})")
    out.print(f"{len(report.written)} of {len(report.results)} catalogs written.")
    warn_orphans(project, report.orphans)
