"""`make serve`'s nginx config, rendered from deploy/nginx.conf.template (no nginx needed here;
tests/e2e/test_serve.py runs it)."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from meldcode import serve

ROOT = Path(__file__).resolve().parents[1]


def conf(tls: serve.Tls | None = None, ports: tuple[int, ...] = (9001, 9002)) -> str:
    return serve.nginx_config(Path("/tmp/x"), "0.0.0.0", 8080, ports, tls)


def test_render_fills_placeholders_and_refuses_unknown_ones():
    assert serve.render("a {{x}} $host", {"x": "1"}) == "a 1 $host"
    with pytest.raises(KeyError, match="no value for y"):
        serve.render("{{y}}", {})


def test_every_process_is_in_the_pool_with_passive_health_checks():
    text = conf()
    for port in (9001, 9002):
        assert f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" in text
    assert "least_conn;" in text
    assert "proxy_next_upstream error timeout http_502 http_503 http_504;" in text
    assert "{{" not in text


def test_each_process_has_its_own_upstream_with_the_others_as_backup():
    text = conf()
    w0 = text[text.index("upstream meldcode_w0 {"):text.index("}", text.index("upstream meldcode_w0 {"))]
    assert "server 127.0.0.1:9001 max_fails=1 fail_timeout=5s;" in w0
    assert "server 127.0.0.1:9002 max_fails=1 fail_timeout=5s backup;" in w0
    assert "w1 meldcode_w1;" in text
    assert '"~(^|, )127\\.0\\.0\\.1:9002$" w1;' in text  # the route cookie follows the last upstream tried


def test_privacy_no_access_log_and_no_temp_files():
    text = conf()
    assert "access_log off;" in text
    assert "proxy_max_temp_file_size 0;" in text
    assert re.search(r"client_body_buffer_size (\d+)k;", text).group(1) == re.search(
        r"client_max_body_size (\d+)k;", text).group(1)


def test_upload_limit_follows_streamlits_max_upload_size():
    # .streamlit/config.toml: 2 MB, so a file over the 1 MB export limit gets our Dutch message
    assert serve.max_upload_mb(ROOT) == 2
    assert f"client_max_body_size {2 * 1024 + serve.MULTIPART_ROOM_KB}k;" in conf()


def test_hsts_and_secure_cookie_only_with_tls():
    plain = conf()
    assert "Strict-Transport-Security" not in plain
    assert "; Secure" not in plain
    tls = conf(serve.Tls(Path("/c.pem"), Path("/k.pem")))
    assert 'add_header Strict-Transport-Security "max-age=31536000" always;' in tls
    assert "listen 0.0.0.0:8080 ssl;" in tls
    assert "ssl_certificate /c.pem;" in tls
    assert "; Secure" in tls


def test_csp_allows_streamlits_inline_script_by_its_hash():
    import streamlit

    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    script = re.search(r"<script>(.*?)</script>", index, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = re.search(r'Content-Security-Policy "([^"]+)"', conf()).group(1)
    assert f"'sha256-{digest}'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'self'" in csp


def test_app_command_per_mode():
    assert serve.app_command("uvicorn", 9001)[2:4] == ["uvicorn", "asgi:app"]
    assert "--no-access-log" in serve.app_command("uvicorn", 9001)
    assert serve.app_command("streamlit", 9001)[2:5] == ["streamlit", "run", "app.py"]
    assert serve.DEFAULT_MODE == "uvicorn"
