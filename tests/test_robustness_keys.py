"""Issue 16, part 3: keys belong to one host. Keys are attached by the HTTP layer for the provider's own origin
only and dropped on any redirect to another (header or body); a provider's own environment variable goes only to
that provider's host, as the HTTP client reads it; malformed addresses are refused; keys are checked when read and
never shown; a config file found in a parent folder may not switch translation on or name a provider address.
Servers on 127.0.0.1 play the provider and "another host"."""
from __future__ import annotations

import json

import pytest
from conftest import EXAMPLE
from libre_server import TranslationServer

KEY = "sk-test-SECRET-4f8a2c"


@pytest.fixture(autouse=True)
def _no_keys_from_the_environment(monkeypatch):
    for name in ("VNBRIEF_API_KEY", "DEEPL_API_KEY", "MICROSOFT_API_KEY", "MYMEMORY_EMAIL", "LIBRE_API_KEY",
                 "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY", "VNBRIEF_CONFIG"):
        monkeypatch.delenv(name, raising=False)


def render(run_cli, tmp_path, *args):
    return run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--translate", "--no-cache",
                   "--timeout", "5", *args)


def sent_anywhere(server) -> str:
    """Everything a server received: paths, queries, headers and bodies."""
    return "\n".join(f"{r.path} {r.query} {r.headers} {r.body.decode('utf-8', 'replace')}" for r in server.requests)


@pytest.mark.parametrize("provider, where", [("libre", "body"), ("microsoft", "header"), ("deepl", "header")])
def test_a_redirect_to_another_host_never_carries_the_key(tmp_path, run_cli, provider, where):
    with TranslationServer() as service, TranslationServer() as other:
        service.script_from(1, status=307, headers={"Location": other.url + "/translate?api-version=3.0&from=vi&to=en"
                                                    if provider == "microsoft" else
                                                    other.url + ("/v2/translate" if provider == "deepl" else
                                                                 "/translate")})
        # the other host is on this machine too: allowed here by name, so that the request does reach it
        result = render(run_cli, tmp_path, "--provider", provider, "--provider-url", service.url, "--api-key", KEY,
                        "--allow-private-host", "127.0.0.1")
        assert service.count >= 1 and KEY in sent_anywhere(service)  # the provider's own host gets the key
        assert other.count >= 1, result.stderr  # the redirect was followed ...
        assert KEY not in sent_anywhere(other)  # ... without the key, in the headers or the body
        if where == "body":
            assert all("api_key" not in (r.json or {}) for r in other.requests)
        assert KEY not in result.stderr


def test_a_redirect_to_this_machine_is_refused_for_providers_too(tmp_path, run_cli):
    with TranslationServer() as service, TranslationServer() as other:
        service.script_from(1, status=307, headers={"Location": other.url + "/translate"})
        result = render(run_cli, tmp_path, "--provider", "libre", "--provider-url", service.url, "--api-key", KEY)
    assert result.exit_code == 4 and other.count == 0
    assert "not fetched: 127.0.0.1 is on this machine" in result.stderr and KEY not in result.stderr


def test_environment_keys_go_only_to_their_own_service(tmp_path, run_cli, monkeypatch, chat_server):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", KEY + "-azure")
    # an address whose path looks like Azure's, on another host: neither key is sent
    url = chat_server.url.rsplit("/v1", 1)[0] + "/openai/deployments/gpt-4o-mini"
    result = render(run_cli, tmp_path, "--provider", "openai", "--provider-url", url)
    assert result.exit_code == 2, result.stderr
    assert "needs an API key" in result.stderr and chat_server.count == 0
    result = render(run_cli, tmp_path, "--provider", "openai", "--provider-url", chat_server.url, "--model", "m")
    assert result.exit_code == 0, result.stderr  # a local server takes no key, and gets none
    assert all("Authorization" not in r.headers and "api-key" not in r.headers for r in chat_server.requests)


@pytest.mark.parametrize("url", ["http://127.0.0.1:9\\@api.openai.com/v1", "http://user@127.0.0.1:9/v1",
                                 "http://127.0.0.1:9/v1\n"])
def test_addresses_that_parsers_read_differently_are_refused(tmp_path, run_cli, monkeypatch, url):
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    result = render(run_cli, tmp_path, "--provider", "openai", "--provider-url", url, "--model", "m")
    assert result.exit_code == 2, result.stderr
    assert "--provider-url is not a valid address" in result.stderr and KEY not in result.stderr


@pytest.mark.parametrize("key, why", [("sk-abc\ndef-123", "holds a space or a line break"),
                                      ("sk-khóa-bí-mật-🔑", "holds characters an HTTP header cannot carry"),
                                      ("sk-\u200bhidden-123", "holds a control or invisible character")])
def test_a_bad_key_is_refused_without_showing_it(tmp_path, run_cli, key, why):
    with TranslationServer() as service:
        result = render(run_cli, tmp_path, "--provider", "libre", "--provider-url", service.url, "--api-key", key,
                        "--report", tmp_path / "r.json")
        assert result.exit_code == 2 and service.count == 0, result.stderr
    assert f"the API key {why}" in result.stderr
    for part in key.split():
        assert part not in result.stderr


def test_a_bad_key_in_the_environment_is_refused(tmp_path, run_cli, monkeypatch):
    monkeypatch.setenv("VNBRIEF_API_KEY", "sk-abc\tdef")
    with TranslationServer() as service:
        result = render(run_cli, tmp_path, "--provider", "libre", "--provider-url", service.url)
    assert result.exit_code == 2 and "VNBRIEF_API_KEY: the API key holds a space" in result.stderr
    assert "sk-abc" not in result.stderr


def test_a_server_that_echoes_the_key_is_blotted_out(tmp_path, run_cli):
    with TranslationServer() as service:
        service.script_from(1, status=403, body={"error": f"Invalid API key {KEY} (key={KEY[:8]}…)"})
        result = render(run_cli, tmp_path, "--provider", "libre", "--provider-url", service.url, "--api-key", KEY,
                        "--report", tmp_path / "r.json")
    assert result.exit_code == 4 and "Invalid API key ***" in result.stderr, result.stderr
    assert KEY not in result.stderr and KEY not in (tmp_path / "r.json").read_text(encoding="utf-8")


def test_a_key_echoed_in_a_translation_reaches_no_brief_cache_or_review_file(tmp_path, run_cli):
    with TranslationServer(transform=lambda text: f"{text} [{KEY}]") as service:
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--translate", "--timeout", "5",
                         "--provider", "libre", "--provider-url", service.url, "--api-key", KEY,
                         "--cache-dir", tmp_path / "cache")
        assert result.exit_code == 0, result.stderr
        review = run_cli("translate", EXAMPLE, "-o", tmp_path / "r.csv", "--provider", "libre", "--provider-url",
                         service.url, "--api-key", KEY, "--cache-dir", tmp_path / "cache2")
        assert review.exit_code == 0, review.stderr
    assert "[***]" in (tmp_path / "out" / "article.en.md").read_text(encoding="utf-8")
    for path in [*(tmp_path / "cache").rglob("*"), *(tmp_path / "cache2").rglob("*"), tmp_path / "r.csv",
                 tmp_path / "out" / "article.en.md"]:
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


def test_a_parent_folders_config_may_not_switch_translation_on(tmp_path, run_cli, monkeypatch):
    with TranslationServer() as service:
        for line in ("translate = true", f'provider_url = "{service.url}"', f'api_key = "{KEY}"',
                     'allow_private_hosts = ["127.0.0.1"]'):
            repo = tmp_path / line.split()[0]
            (repo / "news").mkdir(parents=True)
            (repo / "vnbrief.toml").write_text(f'provider = "libre"\n{line}\n', encoding="utf-8")
            (repo / "news" / "a.txt").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
            monkeypatch.chdir(repo / "news")
            result = run_cli("render", "a.txt", "-o", tmp_path / "out", "-f", "md")
            assert result.exit_code == 2, result.stderr
            assert "may not be set by a config file found in a parent folder" in result.stderr
            assert KEY not in result.stderr
            # chosen with --config, the same file is trusted
            chosen = run_cli("config", "--config", repo / "vnbrief.toml")
            assert chosen.exit_code == 0, chosen.stderr
        assert service.count == 0


def test_the_report_never_holds_a_key_whatever_the_exception_says(tmp_path, run_cli, monkeypatch):
    """An unexpected error whose text holds the key (here: an exception raised with it) is blotted out too."""
    from exporter.render import markdown

    def broken(article, options, stem, files_dir=None):
        raise RuntimeError(f"boom with {KEY}")

    monkeypatch.setattr(markdown, "render_markdown_files", broken)
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--api-key", KEY, "--jobs", "1",
                     "--report", tmp_path / "r.json")
    assert result.exit_code == 1
    assert "boom with ***" in result.stderr and KEY not in result.stderr
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert "boom with ***" in report["inputs"][0]["error"]
