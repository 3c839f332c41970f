"""The options the ``vnbrief`` commands share, and the settings they resolve to (command line > environment >
config file > defaults)."""
from __future__ import annotations

import functools
from typing import Any, Callable, Dict, Optional, Tuple, TypeVar

import click

from .cli_output import OptionError, setup_logging, value_or_exit
from .config import known_keys, resolve, setting_kind
from .errors import UsageError, manual
from .options import CHOICES, Options, OptionValueError, check_option

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES_HELP = """Exit codes: 0 success; 1 unexpected error (a bug); 2 usage (bad option, setting, template or font
folder, or an output that would replace an input); 3 input cannot be read; 4 translation failed; 5 rendering or
writing failed; 130 Ctrl-C, 143 SIGTERM, 129 SIGHUP."""


class Command(click.Command):
    """A vnbrief command: its help drawn by :mod:`exporter.cli_help` (options under headings by task)."""

    def get_help(self, ctx: click.Context) -> str:
        from .cli_help import help_screen

        return help_screen(self, ctx)


def common_options(func):
    """-q, -v and --debug, on every command, meaning the same in each: the command gets ``quiet`` and ``debug``,
    with logging set up already."""
    @functools.wraps(func)
    def command(*args: Any, quiet: bool, verbose: bool, debug: bool, **kwargs: Any) -> Any:
        if quiet and verbose:
            raise OptionError("-q/--quiet and -v/--verbose contradict each other (give one)")
        setup_logging(quiet, debug, verbose)
        return func(*args, quiet=quiet, debug=debug, **kwargs)

    wrapped = click.option("-q", "--quiet", is_flag=True,
                           help="Print only errors: no progress, no warnings, no list of files written.")(command)
    wrapped = click.option("-v", "--verbose", is_flag=True,
                           help="Also say what is done on the way (redirects, retries, fallback fonts, skipped "
                                "segments).")(wrapped)
    return click.option("--debug", is_flag=True, help="Show tracebacks and debug messages.")(wrapped)


#: How each setting is spelled on the command line (option names, and click's keyword arguments beyond the type).
#: Its help text, default, words and bounds come from :class:`~exporter.options.Options`; every option is left at
#: ``None`` when not given, so that the environment, the config file or the default decides.
SPELLING: Dict[str, Tuple[Tuple[str, ...], Dict[str, Any]]] = {
    "output_dir": (("-o", "--output-dir"), {"type": click.Path(file_okay=False)}),
    "formats": (("-f", "--format", "formats"), {"multiple": True}),
    "paper": (("--paper",), {}),
    "font": (("--font",), {"metavar": "serif|sans|FOLDER"}),
    "template": (("--template",), {"metavar": "NAME|FILE"}),
    "images": (("--images",), {}),
    "image_dpi": (("--image-dpi",), {"metavar": "DPI"}),
    "date_format": (("--date-format",), {"metavar": "auto|iso|PATTERN"}),
    "links": (("--links",), {}),
    "title": (("--title",), {"metavar": "TEXT"}),
    "author": (("--author",), {"metavar": "NAME"}),
    "date": (("--date",), {"metavar": "DATE"}),
    "source": (("--source",), {"metavar": "NAME"}),
    "url": (("--url",), {"metavar": "URL"}),
    "encoding": (("--encoding",), {"metavar": "NAME"}),
    "errors": (("--errors",), {}),
    "tone_style": (("--tone-style",), {}),
    "translate": (("--translate",), {"is_flag": True}),
    "layout": (("--layout",), {}),
    "flags": (("--flags",), {}),
    "translations_file": (("--translations", "translations_file"), {"type": click.Path(dir_okay=False)}),
    "target_lang": (("--to", "target_lang"), {"metavar": "LANG"}),
    "source_lang": (("--from", "source_lang"), {"metavar": "LANG"}),
    "provider": (("--provider",), {"metavar": "NAME"}),
    "provider_url": (("--provider-url",), {"metavar": "URL"}),
    "api_key": (("--api-key",), {"metavar": "KEY"}),
    "model": (("--model",), {"metavar": "NAME"}),
    "prompt": (("--prompt",), {"type": click.Path(dir_okay=False)}),
    "max_chars": (("--max-chars",), {"metavar": "N"}),
    "rps": (("--rps",), {"metavar": "N"}),
    "strict": (("--strict",), {"is_flag": True}),
    "provider_region": (("--region", "provider_region"), {"metavar": "REGION"}),
    "glossary": (("--glossary",), {"type": click.Path(dir_okay=False)}),
    "english": (("--english",), {}),
    "names": (("--names",), {}),
    "cache_dir": (("--cache-dir",), {"type": click.Path(file_okay=False)}),
    "use_cache": (("--no-cache", "use_cache"), {
        "flag_value": False,
        "help": "Do not read or write the cache folder (translations, photos, compiled templates, parsed fonts)."}),
    "timeout": (("--timeout",), {"metavar": "SECONDS"}),
    "jobs": (("--jobs",), {"metavar": "N"}),
    "since": (("--since",), {"metavar": "SPAN|DATE"}),
    "limit": (("--limit",), {"metavar": "N"}),
    "match": (("--match",), {"multiple": True, "metavar": "WORD"}),
    "allow_private_hosts": (("--allow-private-host", "allow_private_hosts"), {"multiple": True, "metavar": "HOST"}),
}
_OUTPUT_DIR_HELP = ("Folder for the briefs, created if missing (default: output_dir of the config file, or the "
                    "current folder).")


class SettingType(click.ParamType):
    """A setting's value on the command line, converted by its click type (a number, a path) and then checked
    by :func:`~exporter.options.check_option`, the check the config file and the library pass too: a mistake is
    refused while the command line is read, before any input is read or request sent, naming the option (not
    the config key) with the nearest words and the page of the manual. Words complete in the shell, in any
    case."""

    def __init__(self, setting: str) -> None:
        self.setting = setting
        self.choices = CHOICES.get(setting, ())

    @functools.cached_property
    def base(self) -> Optional[click.ParamType]:
        """The click type a value passes first: a number for a numeric setting, none for words and text. The
        setting's type is looked up when first needed (a value given, the help shown), not for every option as
        the command is built."""
        if self.setting in CHOICES:
            return None
        kind, _ = setting_kind(self.setting)
        return click.INT if kind == "int" else click.FLOAT if kind == "float" else None

    @property
    def name(self) -> str:  # type: ignore[override]  # click's name of the type in help: INTEGER, FLOAT, TEXT
        return self.base.name if self.base is not None else "text"

    def convert(self, value: Any, param: Optional[click.Parameter], ctx: Optional[click.Context]) -> Any:
        if self.base is not None:
            value = self.base.convert(value, param, ctx)
        several = isinstance(Options.default(self.setting), tuple)  # a repeated option: one value at a time
        try:
            checked = check_option(self.setting, (value,) if several else value)
        except UsageError as err:
            from .cli_help import manual_page

            flag = param.opts[-1] if param is not None and param.opts else self.setting
            problem = err.problem if isinstance(err, OptionValueError) else f": {err.message}"
            hint = "; ".join(h for h in (err.hint, f"see {manual(manual_page(self.setting))}") if h)
            raise OptionError(f"{flag}{'' if problem.startswith(':') else ' '}{problem} ({hint})") from None
        return checked[0] if several else checked

    def get_metavar(self, param: click.Parameter, *args: Any, **kwargs: Any) -> Optional[str]:
        return "|".join(self.choices) if self.choices else None

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
        from click.shell_completion import CompletionItem

        words = self.choices or (_encoding_names() if self.setting == "encoding" else ())
        if words:
            return [CompletionItem(w) for w in words if w.startswith(incomplete.lower())]
        return self.base.shell_complete(ctx, param, incomplete) if self.base is not None else []


def _encoding_names() -> Tuple[str, ...]:
    from .text.encodings import MAIN_NAMES

    return MAIN_NAMES


class SettingOption(click.Option):
    """A setting's click option, whose help text is read from :class:`Options` when help is shown (reading the
    field docstrings parses options.py: not worth doing on every start of the command)."""

    def __init__(self, *args: Any, setting: str, **kwargs: Any) -> None:
        self.setting = setting
        self._help = kwargs.pop("help", None)
        super().__init__(*args, **kwargs)

    @property
    def help(self) -> Optional[str]:
        if self._help is not None:
            return self._help
        return _OUTPUT_DIR_HELP if self.setting == "output_dir" else Options.help(self.setting)

    @help.setter
    def help(self, value: Optional[str]) -> None:
        if value is not None:
            self._help = value


@functools.cache
def _setting_parameter(name: str) -> SettingOption:
    decls, extra = SPELLING[name]
    kwargs: Dict[str, Any] = {"default": None, "setting": name}
    if name != "output_dir" and "type" not in extra:
        kwargs["type"] = SettingType(name)
    kwargs.update(extra)
    return SettingOption(decls, **kwargs)


def setting_option(name: str) -> Callable[[F], F]:
    """The click option of setting ``name``, declared from :data:`SPELLING` and :class:`Options`. Made once and
    shared by every command that takes it (a click option holds no state of its own between runs)."""
    def apply(func: F) -> F:
        params = func.__dict__.setdefault("__click_params__", [])
        params.append(_setting_parameter(name))
        return func
    return apply


def option_group(*names: str) -> Callable[[F], F]:
    """A decorator adding the options of ``names``, in that order in the help."""
    def apply(func: F) -> F:
        for name in reversed(names):
            func = setting_option(name)(func)
        return func
    return apply


#: The groups of settings, each declared once and shared by the commands that take it.
ARTICLE = ("title", "author", "date", "source", "url")
READING = ("encoding", "errors", "tone_style", "allow_private_hosts")
PAGE = ("paper", "font", "images", "image_dpi", "date_format", "links")
TRANSLATION = ("target_lang", "source_lang", "provider", "provider_url", "api_key", "model", "prompt", "max_chars",
               "rps", "strict", "provider_region", "glossary", "english", "names", "cache_dir", "use_cache", "timeout",
               "jobs")
BRIEF_TRANSLATION = ("translate", "layout", "flags")
FEEDS = ("since", "limit", "match")

read_options = option_group(*ARTICLE, *READING)
"""Options that change how an input is read (``render``, ``inspect``, ``translate``)."""
translate_options = option_group(*TRANSLATION)
"""Options of the translation step (``render``, ``translate``, ``digest``)."""
page_options = option_group(*PAGE)
"""The page of a PDF (``render``, ``digest``)."""
feed_options = option_group(*FEEDS)
"""Which items of a news feed are read (``render``, ``digest``)."""


def write_options(func):
    """--force, on every command that writes files."""
    return click.option("--force", is_flag=True, help="Replace existing outputs even when they are read-only "
                        "(an input is never replaced).")(func)


def config_option(func):
    """--config FILE, on every command that takes settings."""
    return click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
                        help="Settings file (default: vnbrief.toml, or [tool.vnbrief] in pyproject.toml, in this "
                             "folder or a parent; or VNBRIEF_CONFIG).")(func)


def command_line_values(params: Dict[str, object]) -> Dict[str, object]:
    """The settings given on the command line: every option left at ``None`` (or an empty repeatable option)
    was not given and leaves the environment, config file or default in force."""
    known = set(known_keys())
    values = {k: v for k, v in params.items() if k in known and v is not None and v != ()}
    if "formats" in values:
        values["formats"] = tuple(dict.fromkeys(values["formats"]))  # type: ignore[call-overload]
    return values


def resolve_settings(params: Dict[str, object]):
    """The effective settings: command line > VNBRIEF_* environment > config file > defaults."""
    return resolve(command_line_values(params), config=params.get("config_file"))  # type: ignore[arg-type]


def load_settings(params: Dict[str, object], debug: bool):
    """:func:`resolve_settings`, or exit 2 with a one-line message naming the file or variable at fault."""
    settings = value_or_exit(lambda: resolve_settings(params), "", debug)
    _unusable_home(settings)
    return settings


def _unusable_home(settings) -> None:
    """A HOME that is not a folder (a file, a path that does not exist) or a cache folder that cannot be made: the
    caches are off for this run, with a warning, instead of failing later. (ReportLab reads ``~/.reportlab_mods``
    when it is first imported and fails on such a HOME: HOME is then left to the system's account database.)"""
    import logging
    import os

    home = os.environ.get("HOME")
    reason = ""
    if home is not None and not os.path.isdir(home):
        reason = f"HOME ({home}) is not a folder"
        del os.environ["HOME"]
    if settings.values.get("use_cache") and not settings.values.get("cache_dir"):
        from .resources import default_cache_dir

        folder = default_cache_dir()
        existing = next((p for p in (folder, *folder.parents) if os.path.lexists(p)), None)
        if reason or existing is None or not os.path.isdir(existing) or not os.access(existing, os.W_OK):
            reason = reason or f"the cache folder {folder} cannot be made"
            settings.values["use_cache"] = False
            settings.origins["use_cache"] = reason
    if reason:
        logging.getLogger("exporter").warning("%s: the translation and photo caches are off for this run "
                                              "(give --cache-dir to keep them)", reason)


def settings_options(func):
    """Every option that is a setting of the briefs (render and config)."""
    func = config_option(func)
    func = translate_options(func)
    func = option_group("translate", "layout", "flags", "translations_file")(func)
    func = read_options(func)
    func = option_group("output_dir", "formats", *PAGE, "template")(func)
    func = feed_options(func)
    return func
