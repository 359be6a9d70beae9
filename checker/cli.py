"""The command line: `sampledrift check`, `baseline`, `fix`, `extract` and `rules` (see contract.md).

Usage and input errors print one line on stderr and exit 2, never a traceback.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable

import click

from checker import __version__, baseline, cache, changes, locale_view
from checker import fix as fixing
from checker.config import Config, load_config
from checker.confine import local_target
from checker.engine import check_paths, run
from checker.errors import InputError, InternalError
from checker.langid import missing_note
from checker.model import Finding, Page, Result, Severity
from checker.parse.tags import api_sources
from checker.report import BY_EXTENSION, FORMATTERS, progress
from checker.report.samples import EXTRACT_FORMATTERS
from checker.report.terminal import COLOR_CHOICES, use_color
from checker.resources import demo_docs
from checker.rules import ALL_RULES, BY_ID, docs, internal_error
from checker.selection import cli_choice
from checker.textsafe import writable

FAIL_ON = ("error", "warning", "info", "never")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="sampledrift")
def cli() -> None:
    """Keep the code samples of multilingual API docs honest."""


def _input_options(history: bool = True) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """What a run reads: the options `check`, `baseline` and `fix` share (`fix`
    never reads git history: it repairs code whether or not the page is behind)."""
    options = [
        click.argument("paths", nargs=-1),
        click.option("--spec", "specs", multiple=True, metavar="FILE",
                     help="OpenAPI 3.x or Swagger 2.0 file (YAML or JSON). Repeatable."),
        click.option("--reference-locale", metavar="LOC",
                     help="The locale the others are compared with."),
        click.option("--config", "config_path", metavar="FILE", help="Config file (YAML)."),
        click.option("--allow-outside", "allow_outside", multiple=True, metavar="DIR",
                     help="Let pages and specs read files under DIR too (outside the checked "
                          "tree). Repeatable."),
        click.option("--cache-dir", metavar="DIR",
                     help=f"Keep what each file yields here (default: {cache.DEFAULT_NAME} in the "
                          "current folder): a second run reads again only the files that changed."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the cache."),
    ]
    if history:
        options.append(click.option(
            "--no-history", is_flag=True,
            help="Do not read git history (which tells a translation that fell behind "
                 "its reference from one that broke the code)."))

    def decorate(command: Callable[..., int]) -> Callable[..., int]:
        for option in reversed(options):
            command = option(command)
        return command
    return decorate


@cli.command()
@_input_options()
@click.option("--format", "formats", multiple=True, type=click.Choice(sorted(FORMATTERS)),
              help="Output format; repeat to write several, paired in order with --output.")
@click.option("-o", "--output", "outputs", multiple=True, metavar="FILE",
              help="Write the matching --format here instead of stdout.")
@click.option("-q", "--quiet", is_flag=True,
              help="Text output: the findings only, no summary line (and no progress bar).")
@click.option("--statistics", is_flag=True,
              help="Text output: counts by rule instead of the findings, as `ruff --statistics`.")
@click.option("--color", type=click.Choice(COLOR_CHOICES), default="auto", show_default=True,
              help="Colour the terminal output: auto = a terminal, unless NO_COLOR is set; "
                   "FORCE_COLOR forces it. always/never win over both.")
@click.option("--baseline", "baseline_file", metavar="FILE",
              help="Report only findings not in this baseline (`sampledrift baseline` writes it). "
                   f"Default: the config's `baseline:`, else {baseline.DEFAULT_NAME} if it exists "
                   "in the current folder.")
@click.option("--no-baseline", is_flag=True,
              help="Read no baseline: neither the config's nor the one found in the current folder.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("-v", "--verbose", is_flag=True,
              help="Text output: also say how pages were paired across locales.")
@click.option("--strict-internal", is_flag=True,
              help="Stop with exit 2 when sampledrift fails on a page, instead of reporting "
                   "an internal-error finding there and going on.")
@click.option("--changed-since", metavar="REF",
              help="Check only the page sets (a page and its counterparts in every locale) of "
                   "the pages changed since the git revision REF, untracked ones included.")
@click.option("--changed-files", metavar="FILE|-",
              help="Like --changed-since, with the changed files listed in FILE (- : stdin), "
                   "one a line.")
@click.option("--locale", "view_locales", multiple=True, metavar="LOC",
              help="Report only the findings a translator of LOC must act on. Repeatable.")
@click.option("--select", "select", multiple=True, metavar="RULES",
              help="Report only these rule ids or prefixes (`spec-`), comma-separated, repeatable; "
                   "replaces the config's choice.")
@click.option("--ignore", "ignore", multiple=True, metavar="RULES",
              help="Do not report these rule ids or prefixes (comma-separated, repeatable).")
@click.option("--extend-select", "extend_select", multiple=True, metavar="RULES",
              help="Report these rule ids or prefixes too (comma-separated, repeatable).")
@click.option("--no-gitignore", is_flag=True, help="Walk folders without honouring .gitignore files.")
@click.option("--annotate-only", metavar="FILE|-",
              help="--format github: annotate only the findings in the files listed in FILE "
                   "(- : stdin), one a line; --format markdown lists their findings first.")
def check(paths: tuple[str, ...], specs: tuple[str, ...], reference_locale: str | None,
          formats: tuple[str, ...], outputs: tuple[str, ...], config_path: str | None,
          allow_outside: tuple[str, ...], no_history: bool, fail_on: str, verbose: bool,
          strict_internal: bool, quiet: bool, statistics: bool, color: str,
          baseline_file: str | None, changed_since: str | None, changed_files: str | None,
          view_locales: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...],
          extend_select: tuple[str, ...], no_gitignore: bool, no_baseline: bool,
          annotate_only: str | None, cache_dir: str | None, no_cache: bool) -> int:
    """Check docs for broken GitBook markup and drifting code samples.

    With no PATH, checks the bundled demo docs (an API page in fr, da and zh-cn).
    """
    config = load_config(config_path, set(BY_ID), start=paths[0] if paths else None)
    config.selection = config.layers.resolve(BY_ID, cli_choice(select, ignore, extend_select))
    config.gitignore = not no_gitignore
    targets = _pair(formats, outputs)
    # Read before the run: a bad baseline stops it.
    known = baseline.load(baseline.chosen(baseline_file, config.baseline, off=no_baseline))
    paths, display = _paths_or_demo(paths)
    scope = changes.scope_for(list(paths), config, since=changed_since, listed=changed_files)
    with progress.shown(sys.stderr, os.environ, quiet=quiet) as bar:
        result = check_paths(list(paths), config, reference_locale=reference_locale,
                             specs=list(specs), display=display, allow_outside=list(allow_outside),
                             strict_internal=strict_internal, only=scope and scope.only,
                             progress=bar, use_history=_history_wanted(no_history, display),
                             cache=_cache(cache_dir, no_cache))
    _note_unplaced(result)
    result.changed = scope.summary(result) if scope else None
    _refuse_inputs([output for _, output in targets], result, config,
                   known.file if known else None)
    # The baseline before the translator's view: an entry of another locale is
    # not stale because this view does not show it.
    checked = scope.wanted if scope and scope.only else None
    baseline.apply(result, known, baseline.scope(paths, display), checked)
    locale_view.restrict(result, view_locales)
    if warning := locale_view.nothing_compared(result):
        click.echo(warning, err=True)
    annotate = (changes.shown_paths(result, changes.from_list(annotate_only, "--annotate-only"))
                if annotate_only else None)
    # The summary lists first the findings in the files a change touched.
    touched = annotate if annotate is not None else (
        changes.shown_paths(result, scope.changes) if scope else frozenset())
    for fmt, output in targets:
        formatter = FORMATTERS[fmt]
        if fmt == "text":
            formatter = functools.partial(formatter, verbose=verbose, quiet=quiet,
                                          statistics=statistics)
        elif fmt == "github":
            formatter = functools.partial(formatter, only=annotate)
        elif fmt == "markdown":
            formatter = functools.partial(formatter, changed=touched)
        _write(formatter, result, output, color)
    return _exit_code(result.findings, fail_on)


@cli.command(name="baseline")
@_input_options()
@click.option("-o", "--output", metavar="FILE",
              help=f"Write here (default: the config's `baseline:`, else {baseline.DEFAULT_NAME}).")
def baseline_command(paths: tuple[str, ...], specs: tuple[str, ...], reference_locale: str | None,
                     config_path: str | None, allow_outside: tuple[str, ...], no_history: bool,
                     cache_dir: str | None, no_cache: bool, output: str | None) -> int:
    """Write the current findings' fingerprints, so `check --baseline` reports only new ones.

    With no PATH, reads the bundled demo docs.
    """
    config = load_config(config_path, set(BY_ID), start=paths[0] if paths else None)
    target = output or config.baseline or baseline.DEFAULT_NAME
    paths, display = _paths_or_demo(paths)
    result = check_paths(list(paths), config, reference_locale=reference_locale,
                         specs=list(specs), display=display, allow_outside=list(allow_outside),
                         use_history=_history_wanted(no_history, display),
                         cache=_cache(cache_dir, no_cache))
    _note_unplaced(result)
    _refuse_inputs([target], result, config)
    count = baseline.write(result.findings, target)
    click.echo(f"Wrote {count} baseline {'entry' if count == 1 else 'entries'} to {target}.",
               err=True)
    return 0


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(sorted(EXTRACT_FORMATTERS)), default="json",
              show_default=True, help="Output format.")
@click.option("--output", metavar="FILE", help="Write here instead of stdout.")
@click.option("--config", "config_path", metavar="FILE", help="Config file (YAML).")
@click.option("--allow-outside", "allow_outside", multiple=True, metavar="DIR",
              help="Let pages and specs read files under DIR too (outside the checked tree). "
                   "Repeatable.")
@click.option("--no-gitignore", is_flag=True, help="Walk folders without honouring .gitignore files.")
def extract(paths: tuple[str, ...], fmt: str, output: str | None, config_path: str | None,
            allow_outside: tuple[str, ...], no_gitignore: bool) -> int:
    """Print every code sample and the HTTP request it sends.

    With no PATH, reads the bundled demo docs.
    """
    config = load_config(config_path, set(BY_ID), start=paths[0] if paths else None)
    config.gitignore = not no_gitignore
    paths, display = _paths_or_demo(paths)
    result = check_paths(list(paths), config, display=display, allow_outside=list(allow_outside))
    _note_unplaced(result)
    _refuse_inputs([output], result, config)
    _write(EXTRACT_FORMATTERS[fmt], result, output)
    return 0


@cli.command()
@_input_options(history=False)
@click.option("--write", is_flag=True,
              help="Make the fixes in place (each file atomically, its encoding, BOM and line "
                   "endings kept). Without it, print them as a diff and change nothing.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff (the default).")
@click.option("--locale", "view_locales", multiple=True, metavar="LOC",
              help="Fix only the pages of LOC. Repeatable.")
@click.option("--select", "select", multiple=True, metavar="RULES",
              help="Fix only the findings of these rule ids or prefixes (comma-separated, repeatable).")
@click.option("--ignore", "ignore", multiple=True, metavar="RULES",
              help="Do not fix the findings of these rule ids or prefixes.")
@click.option("--extend-select", "extend_select", multiple=True, metavar="RULES",
              help="Fix these rule ids or prefixes too.")
@click.option("--no-gitignore", is_flag=True, help="Walk folders without honouring .gitignore files.")
def fix(paths: tuple[str, ...], specs: tuple[str, ...], reference_locale: str | None,
        config_path: str | None, allow_outside: tuple[str, ...], write: bool, diff: bool,
        view_locales: tuple[str, ...], select: tuple[str, ...], ignore: tuple[str, ...],
        extend_select: tuple[str, ...], no_gitignore: bool, cache_dir: str | None,
        no_cache: bool) -> int:
    """Repair what can be repaired safely: broken GitBook tags and fences, and the
    code a translation changed (restored from the reference, its comments and
    printed text kept). Prose is never changed.

    Without --write, prints a diff and exits 1 when something would change (0
    when nothing). With --write, makes the fixes and exits 1 when a fixable
    finding was left unfixed. With no PATH, shows the fixes of the bundled
    demo docs (which are never written).
    """
    if write and diff:
        raise InputError("--write and --diff exclude each other: --diff only shows the fixes")
    if write and not paths:
        raise InputError("fix --write needs a PATH (the bundled demo docs are never written)")
    config = load_config(config_path, set(BY_ID), start=paths[0] if paths else None)
    config.selection = config.layers.resolve(BY_ID, cli_choice(select, ignore, extend_select))
    config.gitignore = not no_gitignore
    paths, display = _paths_or_demo(paths)
    checked = run(list(paths), config, reference_locale=reference_locale, specs=list(specs),
                  display=display, allow_outside=list(allow_outside), use_history=False,
                  cache=_cache(cache_dir, no_cache))
    _note_unplaced(checked.result)
    wanted = locale_view.chosen(checked.result, view_locales)
    fixes = fixing.plan(checked, lambda finding: finding.locale in wanted if wanted else True)
    for refusal in fixes.refused:
        finding = refusal.finding
        click.echo(f"{finding.path}:{finding.line}: {finding.rule} not fixed: {refusal.why}", err=True)
    if not write:
        for file_fix in fixes.files:
            sys.stdout.write(writable(file_fix.diff()))
        click.echo(fixing.summary(fixes, written=False), err=True)
        return 1 if fixes.files else 0
    failed = [(file_fix, why) for file_fix in fixes.files if (why := file_fix.write())]
    for file_fix, why in failed:
        click.echo(f"{file_fix.path}: not written: {why}", err=True)
    click.echo(fixing.summary(fixes, written=True, failed=[file_fix for file_fix, _ in failed]), err=True)
    return 1 if failed or fixes.refused else 0


def _cache(cache_dir: str | None, no_cache: bool) -> cache.Cache | None:
    """The run's cache: off with --no-cache or SAMPLEDRIFT_NO_CACHE=1 (the test suite's)."""
    if no_cache or os.environ.get("SAMPLEDRIFT_NO_CACHE") == "1":
        return None
    return cache.Cache.open(cache_dir)


def _paths_or_demo(paths: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, str] | None]:
    """The paths given, or the bundled demo docs shown as `demo/...`."""
    if paths:
        return paths, None
    demo = str(demo_docs())
    return (demo,), (demo, "demo")


def _history_wanted(no_history: bool, display: tuple[str, str] | None) -> bool:
    """The bundled demo is package data: the history of the repository it may
    sit in (sampledrift's own) is not its docs' history."""
    return not no_history and display is None


def _pair(formats: tuple[str, ...], outputs: tuple[str, ...]) -> list[tuple[str, str | None]]:
    """--format and --output in order; an output with no format takes it from its extension."""
    formats_list = list(formats)
    for output in outputs[len(formats):]:
        guessed = BY_EXTENSION.get(os.path.splitext(output)[1].lower())
        if guessed is None:
            raise InputError(f"--output {output} has no matching --format (and its extension "
                             f"names none)")
        formats_list.append(guessed)
    pairs = [(fmt, outputs[i] if i < len(outputs) else None) for i, fmt in enumerate(formats_list)]
    return pairs or [("text", None)]


def _note_unplaced(result: Result) -> None:
    """One line on stderr when pages needed the `langid` extra (checker/langid.py)."""
    if note := missing_note(result.left_out):
        click.echo(note, err=True)


def _refuse_inputs(outputs: list[str | None], result: Result, config: Config,
                   baseline_file: str | None = None) -> None:
    """An --output that is (resolved: `./p.md`, `x/../p.md`, a symlink) a page, a
    spec, the config or the baseline read by this run, or that is a symlink at
    all: exit 2 before anything is written."""
    inputs: dict[str, str] = {f.resolved: "a page" for f in result.files}
    inputs.update({os.path.realpath(target): "a spec" for page in result.pages
                   for target in _named_files(page)})
    inputs.update({path: "a spec" for path in result.spec_files})
    if config.path:
        inputs[os.path.realpath(config.path)] = "the config"
    if baseline_file:
        inputs[os.path.realpath(baseline_file)] = "the baseline"
    for output in outputs:
        what = inputs.get(os.path.realpath(output)) if output else None
        if what:
            raise InputError(f"--output {output} is an input ({what} this run reads); "
                             f"choose another file")
        if output and os.path.islink(output):
            # A pull request may plant `reports/out.sarif -> ~/.bashrc`: never write through it.
            raise InputError(f"--output {output} is a symlink; choose another file")


def _named_files(page: Page) -> list[str]:
    """The local specs a page's API blocks name (`{% openapi src=... %}`), read or not."""
    return [target for src in api_sources(page.tags) if (target := local_target(page.file.fs_path, src))]


def _write(formatter: Callable[..., str], result: Result, output: str | None,
           color: str = "auto") -> None:
    """To stdout (coloured as --color decides) or to a file (never coloured)."""
    if output is None:
        colored = use_color(color, sys.stdout, os.environ)
        sys.stdout.write(writable(formatter(result, color=colored)))
        sys.stdout.flush()
        return
    try:
        with open(output, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(writable(formatter(result, color=False)))
    except OSError as error:
        raise InputError(f"cannot write {output}: {error.strerror or error}") from None


def _exit_code(findings: list[Finding], fail_on: str) -> int:
    if fail_on == "never":
        return 0
    threshold = Severity(fail_on).rank
    return 1 if any(f.severity.rank >= threshold for f in findings) else 0


@cli.command()
@click.argument("rule_id", required=False, metavar="[RULE-ID]")
def rules(rule_id: str | None) -> int:
    """List the rules with their severity, or show one rule in full."""
    if rule_id is None:
        width = max(len(r.ID) for r in ALL_RULES)
        for rule in ALL_RULES:
            click.echo(f"{rule.ID:<{width}}  {rule.SEVERITY:<7}  {rule.SUMMARY}")
        return 0
    if rule_id not in BY_ID:
        raise InputError(f"unknown rule `{rule_id}` (`sampledrift rules` lists them)")
    click.echo(docs.as_text(BY_ID[rule_id]))
    return 0


def main(argv: list[str] | None = None) -> None:
    """Entry point: click's errors and ours become one line on stderr and exit 2."""
    try:
        code = cli.main(args=argv, prog_name="sampledrift", standalone_mode=False)
    except click.UsageError as error:
        command = f" {error.ctx.info_name}" if error.ctx and error.ctx.parent else ""
        click.echo(f"sampledrift{command}: error: {error.format_message()}", err=True)
        sys.exit(2)
    except click.ClickException as error:
        click.echo(f"sampledrift: error: {error.format_message()}", err=True)
        sys.exit(2)
    except InputError as error:
        click.echo(f"sampledrift: error: {error}", err=True)
        sys.exit(2)
    except InternalError as error:
        click.echo(f"sampledrift: internal error: {error}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # noqa: BLE001 - a bug outside any page: one line, exit 2
        if os.environ.get("SAMPLEDRIFT_TRACEBACK"):
            raise
        click.echo(f"sampledrift: internal error: {internal_error.describe(error)} "
                   f"(a bug in sampledrift; SAMPLEDRIFT_TRACEBACK=1 shows the traceback)", err=True)
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)
