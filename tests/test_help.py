"""The help screens by task and shell completion: every option of every command under a heading, every default
and bound said, the headings in order; commands, options and their words complete in bash, zsh and fish."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from conftest import docs_page

from exporter.cli import cli
from exporter.cli_help import COMMAND_ORDER, OTHER, PANELS, manual_page, panel_of

HEADINGS = [title for title, _, _ in PANELS]


def _commands() -> dict:
    ctx = click.Context(cli)
    return {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}


def test_every_option_of_every_command_is_under_a_heading():
    assert list(_commands()) == list(COMMAND_ORDER)
    for name, command in _commands().items():
        for param in command.params:
            if param.param_type_name == "option":
                assert panel_of(param.name) != OTHER, (name, param.name)
                assert (docs_page(manual_page(param.name).split("#")[0])), param.name


def test_the_commands_other_than_render_are_built_when_named_or_listed():
    # A render builds only its own command; naming another (or listing them, as --help and completion do) builds the
    # commands of exporter.cli_commands, which are the ones the group names as built later.
    code = ("import sys\nfrom exporter.cli import cli\nimport click\nctx = click.Context(cli)\n"
            "print(sorted(cli.commands), 'exporter.cli_commands' in sys.modules)\n"
            "print(cli.get_command(ctx, 'render').name, sorted(cli.commands))\n"
            "print(cli.get_command(ctx, 'fonts').name, sorted(cli.commands), cli.get_command(ctx, 'nope'))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1]).stdout
    assert out.splitlines() == ["['render'] False", "render ['render']",
                                f"fonts {sorted(COMMAND_ORDER)} None"]
    from exporter.cli import LATER
    from exporter.cli_commands import COMMANDS

    assert [c.name for c in COMMANDS] == list(LATER) == [n for n in COMMAND_ORDER if n != "render"]


def test_every_setting_says_its_default_and_bounds(run_cli):
    from exporter.cli_options import SPELLING
    from exporter.options import MAXIMUM, Options

    for name in (n for n in SPELLING if n != "output_dir"):  # output_dir: a setting of the config, not Options
        text = Options.help(name)
        flag = isinstance(Options.default(name), bool)
        assert flag or "(default:" in text, name
        assert "(default: )" not in text
        if name in MAXIMUM:
            assert f"to {MAXIMUM[name]:,.0f}" in text or f"to {MAXIMUM[name]:g}" in text, name


@pytest.mark.parametrize("command", COMMAND_ORDER)
def test_help_headings_are_in_order(run_cli, command):
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    shown = [line.strip() for line in result.stdout.splitlines() if line.strip() in HEADINGS + [OTHER]]
    assert shown == sorted(shown, key=HEADINGS.index) and OTHER not in shown
    assert "Messages" in shown
    assert all(line == line.rstrip() for line in result.stdout.splitlines())  # no padding copied with the text


def test_top_help_lists_the_commands_in_the_order_of_use_with_full_summaries(run_cli):
    result = run_cli("--help")
    listed = [line.split()[0] for line in result.stdout.splitlines()
              if line.startswith("  ") and line.split() and line.split()[0] in COMMAND_ORDER]
    assert listed == list(COMMAND_ORDER)
    for name in COMMAND_ORDER:
        summary = _commands()[name].short_help
        assert summary and summary.endswith(".") and summary in " ".join(result.stdout.split())


def _complete(words: str, shell: str = "bash") -> list:
    env = dict(os.environ, _VNBRIEF_COMPLETE=f"{shell}_complete", COMP_WORDS=words,
               COMP_CWORD=str(len(words.split()) - (0 if words.endswith(" ") else 1)))
    out = subprocess.run([sys.executable, "-m", "exporter"], env=env, capture_output=True, text=True, timeout=60)
    return [line.split(",", 1)[1] for line in out.stdout.splitlines() if line.startswith("plain,")]


@pytest.mark.parametrize("words, expected", [
    ("vnbrief render --provider ", ["google", "mymemory", "libre", "deepl", "microsoft", "openai"]),
    ("vnbrief render --provider l", ["libre"]),
    ("vnbrief render --layout ", ["translation", "bilingual", "original"]),
    ("vnbrief digest --paper ", ["a4", "letter"]),
    ("vnbrief render --images ", ["all", "lead", "none", "link"]),
    ("vnbrief render --english ", ["uk", "us"]),
    ("vnbrief inspect --encoding tc", ["tcvn3"]),
    ("vnbrief ", ["render", "digest", "review", "translate", "inspect", "config", "fonts"]),
])
def test_shell_completion_of_commands_and_values(words, expected):
    assert _complete(words) == expected


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o nosort -F"), ("zsh", "#compdef vnbrief"),
                                           ("fish", "complete --no-files --command vnbrief")])
def test_completion_scripts_as_the_manual_gives_them(shell, marker):
    env = dict(os.environ, _VNBRIEF_COMPLETE=f"{shell}_source")
    script = subprocess.run([sys.executable, "-m", "exporter"], env=env, capture_output=True, text=True,
                            timeout=60).stdout
    assert marker in script
    assert f"_VNBRIEF_COMPLETE={shell}_source vnbrief" in docs_page("completion.md")
