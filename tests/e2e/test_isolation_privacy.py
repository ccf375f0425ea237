"""Privacy: sessions are isolated, nothing leaves localhost, no usage statistics.

Every test here also runs under conftest's ``net_log`` check (any request to a host other
than 127.0.0.1/localhost fails the test at teardown); the tests below assert it explicitly
as well, and check that the recorder did see the app's own traffic.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import ROOT, is_local, serve
from .flow_texts import HULP_MOGELIJK, MELDEN_ONVEILIGHEID, ONVEILIGHEID, VERMOEDEN, option
from .streamlit_helpers import answer, goto

PATH = "snelle-check"
# Where Streamlit's frontend sends usage statistics when browser.gatherUsageStats is true
# (data.streamlit.io/metrics.json in the bundled frontend; older versions used Fivetran/Segment).
METRICS_HOSTS = {"data.streamlit.io", "webhooks.fivetran.com", "api.segment.io", "cdn.segment.com"}


def run_quick_check_to_melden(page: Page) -> None:
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))
    expect(page.get_by_test_id("stMain").get_by_text(MELDEN_ONVEILIGHEID).first).to_be_visible()


def assert_only_local(urls: list[str]) -> None:
    assert any(u.startswith("ws://") and u.endswith("/_stcore/stream") for u in urls), "websocket not recorded"
    foreign = sorted({u for u in urls if not is_local(u)})
    assert not foreign, "requests left localhost:\n" + "\n".join(foreign)
    metrics = sorted({u for u in urls if (urlsplit(u).hostname or "") in METRICS_HOSTS})
    assert not metrics, "usage statistics were sent:\n" + "\n".join(metrics)


def test_two_browsers_never_see_each_others_answers(new_context: Callable[..., BrowserContext], app_url: str) -> None:
    a = new_context().new_page()
    b = new_context().new_page()
    goto(a, app_url, PATH)
    answer(a, VERMOEDEN, option(VERMOEDEN, "ja"))
    expect(a.get_by_role("radiogroup", name=ONVEILIGHEID)).to_be_visible()
    expect(a.get_by_text("Je antwoorden tot nu toe")).to_be_visible()

    goto(b, app_url, PATH)
    expect(b.get_by_role("radiogroup", name=VERMOEDEN)).to_be_visible()
    expect(b.get_by_role("radio", checked=True)).to_have_count(0)
    expect(b.get_by_role("radiogroup", name=ONVEILIGHEID)).to_have_count(0)
    expect(b.get_by_text("Je antwoorden tot nu toe")).to_have_count(0)

    # B goes its own way; A's walk is untouched and goes on where it was.
    answer(b, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(b, ONVEILIGHEID, option(ONVEILIGHEID, "nee"))
    expect(b.get_by_role("radiogroup", name=HULP_MOGELIJK)).to_be_visible()
    answer(a, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))
    expect(a.get_by_test_id("stMain").get_by_text(MELDEN_ONVEILIGHEID).first).to_be_visible()
    expect(b.get_by_test_id("stMain").get_by_text(MELDEN_ONVEILIGHEID)).to_have_count(0)
    expect(b.get_by_role("radiogroup", name=HULP_MOGELIJK)).to_be_visible()


def test_a_full_snelle_check_stays_on_localhost(page: Page, app_url: str, net_log: list[str]) -> None:
    goto(page, app_url, PATH)
    run_quick_check_to_melden(page)
    assert_only_local(net_log)


def test_config_turns_usage_statistics_off() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False


@pytest.fixture(scope="module")
def app_url_config_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app served with no gatherUsageStats flag: only .streamlit/config.toml decides."""
    log_path: Path = tmp_path_factory.mktemp("streamlit-config-only") / "server.log"
    with serve(log_path, usage_stats_flag=False) as url:
        yield url


def test_no_metrics_request_with_the_repos_config(page: Page, app_url_config_only: str, net_log: list[str]) -> None:
    goto(page, app_url_config_only, PATH)
    run_quick_check_to_melden(page)
    assert_only_local(net_log)
