"""Settings: the config file, VNBRIEF_* variables and the command line, in that order of strength."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from conftest import EXAMPLE, docs_page

from exporter.config import find_config, load_config, parse_text, resolve, settings_lines
from exporter.errors import ExitStatus, UsageError
from exporter.options import Options


@pytest.fixture(autouse=True)
def _no_vnbrief_variables(monkeypatch):
    """The tests decide which VNBRIEF_* variables exist."""
    for name in list(os.environ):
        if name.startswith("VNBRIEF_"):
            monkeypatch.delenv(name)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def usage_error(excinfo) -> str:
    assert excinfo.value.exit_code == ExitStatus.USAGE
    return str(excinfo.value)


# --- finding and reading the file -------------------------------------------------------------------------------

def test_nearest_file_in_the_folder_or_a_parent(tmp_path):
    top = write(tmp_path / "vnbrief.toml", 'paper = "letter"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == top
    nearer = write(tmp_path / "a" / "vnbrief.toml", "jobs = 1\n")
    assert find_config(deep) == nearer


def test_pyproject_counts_only_with_a_vnbrief_table(tmp_path):
    top = write(tmp_path / "vnbrief.toml", 'paper = "letter"\n')
    write(tmp_path / "proj" / "pyproject.toml", '[project]\nname = "vnbrief"\n[tool.black]\nline-length = 99\n')
    assert find_config(tmp_path / "proj") == top  # skipped: no [tool.vnbrief]
    ours = write(tmp_path / "proj" / "pyproject.toml", '[project]\nname = "x"\n[tool.vnbrief]\nfont = "sans"\n')
    assert find_config(tmp_path / "proj") == ours
    assert load_config(ours) == {"font": "sans"}
    own = write(tmp_path / "proj" / "vnbrief.toml", "jobs = 3\n")
    assert find_config(tmp_path / "proj") == own  # in one folder, vnbrief.toml wins


def test_relative_paths_are_relative_to_the_file(tmp_path):
    path = write(tmp_path / "team" / "vnbrief.toml",
                 'glossary = "terms.tsv"\noutput-dir = "out"\nfont = "fonts/mine"\ntemplate = "brief"\n'
                 'cache_dir = "~/cache"\n')
    values = load_config(path)
    folder = (tmp_path / "team").resolve()
    assert values["glossary"] == str(folder / "terms.tsv")
    assert values["output_dir"] == str(folder / "out")
    assert values["font"] == str(folder / "fonts" / "mine")
    assert values["template"] == "brief"  # a bundled name stays a name
    assert values["cache_dir"] == str(Path("~/cache").expanduser())
    assert load_config(write(tmp_path / "v2.toml", 'font = "sans"\n')) == {"font": "sans"}


def test_every_option_can_be_set(tmp_path):
    path = write(tmp_path / "vnbrief.toml", """
provider = "libre"
provider_url = "http://127.0.0.1:5000"
glossary = "/abs/terms.csv"
font = "sans"
paper = "letter"
template = "brief"
output_dir = "/abs/out"
layout = "bilingual"
jobs = 2
formats = ["pdf"]
translate = true
timeout = 12
use_cache = false
tone-style = "new"
""")
    options = resolve({}, config=str(path), environ={}).options()
    assert options == Options(provider="libre", provider_url="http://127.0.0.1:5000", glossary="/abs/terms.csv",
                              font="sans", paper="letter", layout="bilingual", jobs=2, formats=("pdf",),
                              translate=True, timeout=12.0, use_cache=False, tone_style="new")


@pytest.mark.parametrize("text, needles", [
    ('papr = "a4"\n', ["unknown key 'papr'", "paper"]),
    ('[output]\ndir = "x"\n', ["unknown key 'output'"]),
    ('jobs = "2"\n', ["jobs", "whole number", "'2'"]),
    ("jobs = -1\n", ["jobs", "at least 0"]),
    ("jobs = 2.5\n", ["jobs", "whole number"]),
    ('translate = "yes"\n', ["translate", "true or false"]),
    ("timeout = 0\n", ["timeout", "at least 0.1"]),
    ("paper = 4\n", ["paper", "string"]),
    ('paper = "a3"\n', ["paper", "'a3'", "a4 or letter"]),
    ('formats = ["pdf", "docx"]\n', ["formats", "'docx'"]),
    ("formats = []\n", ["formats", "list"]),
    ('layout = "side"\n', ["layout", "bilingual"]),
    ("font = true\n", ["font", "string"]),
    ('paper = "a4\n', ["not valid TOML", "line 1"]),
])
def test_unknown_key_or_wrong_type_names_key_and_file(tmp_path, text, needles):
    path = write(tmp_path / "vnbrief.toml", text)
    with pytest.raises(UsageError) as excinfo:
        load_config(path)
    message = usage_error(excinfo)
    assert message.startswith(f"{path}: ")
    for needle in needles:
        assert needle in message
    assert "\n" not in message


def test_pyproject_table_errors_name_the_pyproject(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[tool.vnbrief]\nfonts = "sans"\n')
    with pytest.raises(UsageError) as excinfo:
        resolve({}, cwd=tmp_path, environ={})
    assert usage_error(excinfo).startswith(f"{path}: unknown key 'fonts'")


def test_missing_config_file(tmp_path):
    with pytest.raises(UsageError) as excinfo:
        resolve({}, config=str(tmp_path / "nope.toml"), environ={})
    assert "no such config file" in usage_error(excinfo)


# --- precedence ---------------------------------------------------------------------------------------------------

def test_command_line_over_environment_over_file_over_default(tmp_path):
    path = write(tmp_path / "vnbrief.toml", 'paper = "letter"\nfont = "sans"\njobs = 2\nlayout = "bilingual"\n')
    env = {"VNBRIEF_FONT": "serif", "VNBRIEF_JOBS": "3"}
    settings = resolve({"jobs": 4}, cwd=tmp_path, environ=env)
    assert settings.config_path == path
    values, origins = settings.values, settings.origins
    assert (values["paper"], origins["paper"]) == ("letter", f"config file {path}")
    assert (values["layout"], origins["layout"]) == ("bilingual", f"config file {path}")
    assert (values["font"], origins["font"]) == ("serif", "environment VNBRIEF_FONT")
    assert (values["jobs"], origins["jobs"]) == (4, "command line")
    assert (values["timeout"], origins["timeout"]) == (30.0, "default")
    assert settings.output_dir == "."


def test_config_environment_variable_names_the_file(tmp_path):
    path = write(tmp_path / "elsewhere.toml", 'paper = "letter"\n')
    settings = resolve({}, cwd=tmp_path, environ={"VNBRIEF_CONFIG": str(path)})
    assert settings.config_path == path and settings.values["paper"] == "letter"


@pytest.mark.parametrize("key, text, value", [
    ("jobs", "2", 2), ("translate", "yes", True), ("use_cache", "0", False), ("timeout", "2.5", 2.5),
    ("formats", "pdf,md", ("pdf", "md")), ("formats", "md", ("md",)), ("paper", "letter", "letter"),
])
def test_environment_values_are_typed(key, text, value):
    assert parse_text(key, text, "VNBRIEF_X") == value


@pytest.mark.parametrize("name, text", [("VNBRIEF_JOBS", "two"), ("VNBRIEF_TRANSLATE", "maybe"),
                                        ("VNBRIEF_PAPER", "a3"), ("VNBRIEF_TIMEOUT", "soon")])
def test_wrong_environment_value_names_the_variable(name, text):
    with pytest.raises(UsageError) as excinfo:
        resolve({}, environ={name: text}, config=None, cwd=Path("/"))
    assert usage_error(excinfo).startswith(f"{name}: ")


def test_empty_variable_is_unset_and_unknown_one_warned(caplog):
    settings = resolve({}, environ={"VNBRIEF_PAPER": "", "VNBRIEF_PAPR": "letter"}, cwd=Path("/"))
    assert settings.values["paper"] == "a4" and settings.origins["paper"] == "default"
    assert any("VNBRIEF_PAPR" in r.getMessage() for r in caplog.records)


# --- the command line ---------------------------------------------------------------------------------------------

def config_lines(result) -> dict:
    """``key -> (value text, origin)`` from ``vnbrief config``."""
    out = {}
    for line in result.stdout.splitlines():
        if line.startswith("#"):
            continue
        setting, _, origin = line.partition("  # ")
        key, _, value = setting.partition(" = ")
        out[key.strip()] = (value.strip(), origin.strip())
    return out


def test_config_command_shows_values_and_origins(run_cli, tmp_path, monkeypatch):
    path = write(tmp_path / "vnbrief.toml", 'paper = "letter"\nfont = "sans"\napi_key = "s3cret"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("VNBRIEF_FONT", "serif")
    monkeypatch.setenv("VNBRIEF_JOBS", "2")
    result = run_cli("config", "--jobs", "5", "-o", "briefs")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"# config file: {path.resolve()}"
    lines = config_lines(result)
    assert lines["paper"] == ('"letter"', f"config file {path.resolve()}")
    assert lines["font"] == ('"serif"', "environment VNBRIEF_FONT")
    assert lines["jobs"] == ("5", "command line")
    assert lines["output_dir"] == ('"briefs"', "command line")
    assert lines["layout"] == ('"translation"', "default")
    assert lines["api_key"][0] == '"********"' and "s3cret" not in result.stdout


def test_config_output_is_a_config_file(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("config", "--paper", "letter", "-f", "pdf")
    assert result.exit_code == 0
    write(tmp_path / "copy.toml", result.stdout)
    assert resolve({}, config=str(tmp_path / "copy.toml"), environ={}).options() == Options(paper="letter",
                                                                                           formats=("pdf",))


def test_render_takes_output_folder_and_format_from_the_file(run_cli, tmp_path, monkeypatch):
    write(tmp_path / "vnbrief.toml", 'output_dir = "briefs"\nformats = ["md"]\n')
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)  # found in the parent; output_dir relative to the file, not to the current folder
    result = run_cli("render", EXAMPLE, "-q")
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in (tmp_path / "briefs").iterdir()] == ["article.md"]
    result = run_cli("render", EXAMPLE, "-q", "-o", ".", "-f", "pdf")  # the command line wins, even "-o ."
    assert result.exit_code == 0
    assert [p.name for p in work.iterdir()] == ["article.pdf"]
    monkeypatch.setenv("VNBRIEF_OUTPUT_DIR", str(tmp_path / "env"))
    assert run_cli("render", EXAMPLE, "-q").exit_code == 0
    assert [p.name for p in (tmp_path / "env").iterdir()] == ["article.md"]


def test_bad_file_is_exit_2_on_every_command(run_cli, tmp_path, monkeypatch):
    path = write(tmp_path / "vnbrief.toml", "papr = 1\n")
    monkeypatch.chdir(tmp_path)
    for args in (["render", EXAMPLE], ["inspect", EXAMPLE], ["config"], ["digest", EXAMPLE, "-o", "d.pdf"],
                 ["translate", EXAMPLE, "-o", "x.json"]):
        result = run_cli(*args)
        assert result.exit_code == 2, args
        assert result.stderr.strip() == f"Error: {path}: unknown key 'papr' (did you mean paper?)", args
    assert list(tmp_path.iterdir()) == [path]


def test_explicit_config_option_and_wrong_variable(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = write(tmp_path / "team.toml", "tone_style = \"new\"\n")
    result = run_cli("inspect", EXAMPLE, "--config", config)
    assert result.exit_code == 0 and "thành uỷ" in result.stdout
    assert run_cli("inspect", EXAMPLE, "--config", config, "--tone-style", "old").stdout.count("thành ủy") > 0
    monkeypatch.setenv("VNBRIEF_JOBS", "many")
    result = run_cli("render", EXAMPLE, "-o", tmp_path)
    assert result.exit_code == 2 and result.stderr.startswith("Error: VNBRIEF_JOBS: jobs must be a whole number")
    monkeypatch.delenv("VNBRIEF_JOBS")
    result = run_cli("config", "--config", tmp_path / "missing.toml")
    assert result.exit_code == 2 and "no such config file" in result.stderr


def test_settings_lines_comment_unset_values():
    lines = list(settings_lines(resolve({}, environ={}, cwd=Path("/"))))
    assert any(line.startswith("# title is not set") for line in lines)
    assert any(line.startswith('paper = "a4"') and line.endswith("# default") for line in lines)


def test_documented_example_is_a_valid_config(tmp_path):
    block = re.search(r"```toml\n(# vnbrief.toml\n.*?)```", docs_page("config.md"), re.S)
    assert block, "docs/config.md: no example vnbrief.toml"
    path = write(tmp_path / "vnbrief.toml", block.group(1))
    options = resolve({}, config=str(path), environ={}).options()
    assert options.provider == "libre" and options.layout == "bilingual" and options.timeout == 30.0
    assert options.glossary == str(tmp_path.resolve() / "glossary.tsv")


def test_command_line_reading_options_reach_the_options(run_cli):
    # INPUT and --source once shared a parameter name, and the option's value was lost
    result = run_cli("inspect", EXAMPLE, "--source", "VnExpress", "--author", "Hồ Nhi")
    assert result.exit_code == 0, result.stderr
    assert '"source": "VnExpress"' in result.stdout and '"author": "Hồ Nhi"' in result.stdout


def test_each_setting_has_the_type_of_its_options_field():
    # The type of a setting is its Options field's annotation, evaluated one key at a time when first asked.
    import typing

    from exporter.config import EXTRA_KEYS, _field_type, known_keys

    hints = typing.get_type_hints(Options)
    assert {key: _field_type(key) for key in known_keys()} == {**hints, **{key: str for key in EXTRA_KEYS}}
    with pytest.raises(KeyError):
        _field_type("no_such_setting")
