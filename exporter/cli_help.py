"""The help screens: the commands in the order they are used, each command's options under headings by task,
every default and bound shown. Drawn by rich-click, which is imported only when help is asked for: every other
run of the command would pay for it at start-up."""
from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

import click

#: The commands, in the order a user meets them.
COMMAND_ORDER = ("render", "digest", "review", "translate", "inspect", "config", "fonts")

#: Headings of the options, in the order shown, with the options under each (by parameter name) and the page of
#: the manual that explains them. An option no heading names is shown under "Other options" (the tests fail on
#: it).
PANELS: Tuple[Tuple[str, Tuple[str, ...], str], ...] = (
    ("Input", ("encoding", "errors", "tone_style", "title", "author", "date", "source", "url",
               "allow_private_hosts"), "inputs.md"),
    ("Output", ("output_dir", "output", "outputs", "formats", "force"), "render.md"),
    ("Layout", ("paper", "font", "layout", "date_format", "links", "template", "digest_title", "digest_date", "sort",
                "system"), "look.md"),
    ("Photos", ("images", "image_dpi"), "photos.md"),
    ("Translation", ("translate", "target_lang", "source_lang", "provider", "provider_url", "api_key", "model",
                     "provider_region", "prompt"), "translation.md"),
    ("Terms, names and review", ("glossary", "english", "names", "translations_file", "flags", "strict"),
     "glossary.md"),
    ("Requests and cache", ("timeout", "max_chars", "rps", "cache_dir", "use_cache"), "translation.md"),
    ("News feeds", ("since", "limit", "match"), "digest.md"),
    ("Batch", ("recursive", "jobs", "report", "skip_unchanged"), "batch.md"),
    ("Review page", ("reviewer", "port", "no_browser"), "review.md"),
    ("Settings", ("config_file",), "config.md"),
    ("Messages", ("quiet", "verbose", "debug", "help", "version"), "exit-codes.md"),
)
OTHER = "Other options"
#: Options explained on another page than their heading's.
PAGES = {"layout": "translation.md", "translations_file": "review.md", "strict": "translation.md",
         "flags": "review.md",
         "sort": "digest.md", "digest_title": "digest.md", "digest_date": "digest.md",
         "allow_private_hosts": "safety.md", "date_format": "page.md", "links": "page.md"}


def panel_of(name: str) -> str:
    """The heading an option (by parameter name) is shown under."""
    return next((title for title, names, _ in PANELS if name in names), OTHER)


def manual_page(name: str) -> str:
    """The page of the manual (``docs/<page>``) that explains an option, by parameter or setting name."""
    return PAGES.get(name) or next((page for _, names, page in PANELS if name in names), "config.md")


def _config() -> Any:
    import rich_click as rc

    return rc.RichHelpConfiguration(
        text_markup="ansi",             # help texts hold [brackets] and *stars* that are not markup
        max_width=100,
        options_table_column_types=["opt_short", "opt_long", "metavar_short", "help"],
        text_paragraph_linebreaks="\n\n",
        padding_helptext_first_line=(0, 0, 1, 0),
        options_table_help_sections=["help", "range", "default", "required"],
        style_options_panel_box="SIMPLE",
        style_commands_panel_box="SIMPLE",
        use_click_short_help=False,
        commands_before_options=True,
    )


def _option_panels(command: Any, ctx: click.Context) -> List[Any]:
    """The option headings of ``command``: each option under its heading, in the order :data:`PANELS` gives."""
    import rich_click as rc

    rank = {name: i for _, names, _ in PANELS for i, name in enumerate(names)}
    found: Dict[str, List[click.Option]] = {}
    for param in command.get_params(ctx):
        if isinstance(param, click.Option):
            found.setdefault(panel_of(param.name or ""), []).append(param)
    panels = []
    for title in [title for title, _, _ in PANELS] + [OTHER]:
        options = sorted(found.get(title, []), key=lambda p: rank.get(p.name or "", len(rank)))
        if options:
            panels.append(rc.RichOptionPanel(title, options=[o.opts[0] for o in options]))
    return panels


def help_screen(command: click.Command, ctx: click.Context) -> str:
    """The help of ``command`` (a plain click command or group of vnbrief), drawn by rich-click."""
    import rich_click as rc

    kwargs: Dict[str, Any] = dict(name=command.name, params=command.params, help=command.help, epilog=command.epilog,
                  short_help=command.short_help, options_metavar=command.options_metavar,
                  add_help_option=command.add_help_option, context_settings=command.context_settings)
    mirror: Any
    if isinstance(command, click.Group):
        found = {name: command.get_command(ctx, name) for name in command.list_commands(ctx)}
        commands = {name: each for name, each in found.items() if each is not None}
        mirror = rc.RichGroup(commands=commands, **kwargs)
    else:
        mirror = rc.RichCommand(**kwargs)
    mirror.callback = command.callback
    mctx = rc.RichContext(mirror, parent=ctx.parent, info_name=ctx.info_name, rich_help_config=_config(),
                          max_content_width=ctx.max_content_width, terminal_width=ctx.terminal_width,
                          help_option_names=ctx.help_option_names)
    mirror.panels = _option_panels(mirror, mctx)
    if isinstance(command, click.Group):
        mirror.panels.insert(0, rc.RichCommandPanel("Commands", commands=list(commands)))
    formatter = mctx.make_formatter()
    mirror.format_help(mctx, formatter)
    # rich pads every line to the width: trailing spaces would be copied with the text
    return "\n".join(line.rstrip() for line in formatter.getvalue().splitlines()).strip("\n")


def ordered(names: Sequence[str]) -> List[str]:
    """Command names in the order of use (any not listed after them, alphabetically)."""
    rank = {name: i for i, name in enumerate(COMMAND_ORDER)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))
