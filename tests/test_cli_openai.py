"""The openai provider end to end through the command line, against the scripted server on 127.0.0.1:
render --translate (translation and bilingual layouts), translate (review file with its check column),
digest, --strict, the summary line and the --report's token counts."""
from __future__ import annotations

import csv
import io
import json
import re

from conftest import EXAMPLE, pdf_text, squash
from openai_server import ChatServer


def openai(server, tmp_path, *more):
    return ["--translate", "--provider", "openai", "--provider-url", server.url + "/v1", "--model", "test-model",
            "--cache-dir", tmp_path / "cache", *more]


def markdown_text(path) -> str:
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(path.read_text(encoding="utf-8"))
    return " ".join(html.split())


def test_render_translation_and_bilingual(run_cli, tmp_path, chat_server):
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    result = run_cli("render", EXAMPLE, "-o", out, "--report", report, *openai(chat_server, tmp_path))
    assert result.exit_code == 0, result.stderr
    assert chat_server.count == 1  # the whole article in one request
    system = chat_server.requests[0].json["messages"][0]["content"]
    assert "Trưởng Ban Tổ chức Trung ương = Head of the Central Organisation Commission" in system
    assert "Trương Thị Mai" not in system  # the article's names are data, in a user message
    assert "Trương Thị Mai" in chat_server.requests[0].json["messages"][1]["content"]
    text = squash(pdf_text((out / "article.en.pdf").read_bytes()))
    assert squash("Head of the Central Organisation Commission Trương Thị Mai") in text
    assert squash("Machine translation (vi → en) by a language model (test-model)") in text
    assert "tokens in" in result.stderr
    entry = json.loads(report.read_text(encoding="utf-8"))
    assert entry["inputs"][0]["tokens"]["in"] > 100 and entry["summary"]["tokens"] == entry["inputs"][0]["tokens"]
    result = run_cli("render", EXAMPLE, "-o", out, "-f", "md", "--layout", "bilingual",
                     *openai(chat_server, tmp_path))
    assert result.exit_code == 0, result.stderr
    assert chat_server.count == 1  # cached
    html = markdown_text(out / "article.vi-en.md")
    assert "Trương Thị Mai" in html and "Head of the Central Organisation Commission" in html
    assert "Ban Tổ chức Trung ương" in html  # the original beside it


def test_translate_writes_check_column_and_strict_exits_4(run_cli, tmp_path, chat_server):
    article = tmp_path / "gia.txt"
    article.write_text("Giá xăng tăng\n\nGiá xăng tăng 5% trong tháng 3 năm 2024.\n", encoding="utf-8")
    bad = {"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": json.dumps(
        {"t1": "Fuel prices rise", "t2": "Fuel prices rose in March."})}}],
        "usage": {"prompt_tokens": 50, "completion_tokens": 10}}
    chat_server.script_from(1, 200, bad)
    review = tmp_path / "gia.csv"
    result = run_cli("translate", article, "-o", review, *openai(chat_server, tmp_path)[1:], "--strict")
    assert result.exit_code == 4
    assert "--strict: the checks flagged 1 segment (b1: number: 5; number: 2024)" in result.stderr
    assert "1 segment flagged by the checks; 50 tokens in, 10 out" in result.stderr
    rows = list(csv.DictReader(io.StringIO(review.read_bytes().decode("utf-8-sig"))))
    assert [r["check"] for r in rows] == ["", "number: 5; number: 2024"]
    out = tmp_path / "out"
    result = run_cli("render", article, "-o", out, "--strict", *openai(chat_server, tmp_path))
    assert result.exit_code == 4 and (not out.exists() or list(out.iterdir()) == [])
    result = run_cli("render", article, "-o", out, *openai(chat_server, tmp_path))
    assert result.exit_code == 0 and "checks flagged 1 of 2 translated segments: b1 (number: 5" in result.stderr


def test_digest_translated_by_the_model(run_cli, tmp_path, chat_server):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Bộ Y tế họp báo\n\nBộ Y tế cho biết 12 ca bệnh mới.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Giá vàng giảm\n\nGiá vàng giảm 1,5 triệu đồng mỗi lượng.\n", encoding="utf-8")
    digest = tmp_path / "digest.md"
    result = run_cli("digest", folder, "-o", digest, "--layout", "bilingual", "--jobs", "1",
                     *openai(chat_server, tmp_path))
    assert result.exit_code == 0, result.stderr
    assert chat_server.count == 2  # one request per article
    lines = result.stderr.splitlines()
    total = next(line for line in lines if "2 of 2 inputs read" in line)
    per_article = [line for line in lines if line.startswith("  ") and "tokens in" in line]
    assert len(per_article) == 2 and all(str(folder) in line for line in per_article)
    numbers = [[int(n.replace(",", "")) for n in re.findall(r"([\d,]+) (?:tokens in|out)", line)]
               for line in per_article + [total]]
    assert numbers[2] == [numbers[0][0] + numbers[1][0], numbers[0][1] + numbers[1][1]]
    html = markdown_text(digest)
    assert "the Ministry of Health hop bao" in html and "Bộ Y tế họp báo" in html


def test_usage_errors_are_one_line(run_cli, tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("VNBRIEF_API_KEY", raising=False)
    result = run_cli("render", EXAMPLE, "-o", tmp_path, "--translate", "--provider", "openai")
    assert result.exit_code == 2 and "--model: the openai provider needs a model" in result.stderr
    result = run_cli("render", EXAMPLE, "-o", tmp_path, "--translate", "--provider", "openai",
                     "--model", "gpt-4o-mini")
    assert result.exit_code == 2 and "needs an API key" in result.stderr and "OPENAI_API_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_api_key_from_config_file_never_printed(run_cli, tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("VNBRIEF_API_KEY", raising=False)
    with ChatServer(api_key="sk-config-secret-123") as server:
        config = tmp_path / "vnbrief.toml"
        config.write_text(f'provider = "openai"\nprovider_url = "{server.url}/v1"\nmodel = "m"\n'
                          f'api_key = "sk-config-secret-123"\n', encoding="utf-8")
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--translate", "--config", config,
                         "--debug")
        assert result.exit_code == 0, result.stderr
        assert server.requests[0].headers["Authorization"] == "Bearer sk-config-secret-123"
    assert "sk-config-secret" not in result.stderr + result.stdout
    shown = run_cli("config", "--config", config)
    assert "sk-config-secret" not in shown.stdout


def test_a_dead_model_server_is_called_for_one_article_only(run_cli, tmp_path, chat_server, monkeypatch):
    """The batch's circuit breaker covers the openai provider: after one article's tries, the others are not
    sent."""
    from exporter.translate.http import RetryPolicy

    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, retry: 0.0)
    chat_server.script_from(1, status=0)  # every connection closed without an answer
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(4):
        (folder / f"a{i}.txt").write_text(f"Bài số {i}\n\nGiá xăng tăng {i}%.\n", encoding="utf-8")
    result = run_cli("render", folder, "-o", tmp_path / "out", "-f", "md", "--jobs", "1",
                     *openai(chat_server, tmp_path))
    assert result.exit_code == 4
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 4 and "cannot connect" in errors[0]
    assert all("not tried: the provider could not be reached" in line for line in errors[1:])
    assert chat_server.count == RetryPolicy().attempts
