"""Start page: what the app is, gemeente and sector, privacy, Alles wissen."""

from __future__ import annotations

from meldcode.ui import session, start


def test_start_explains_and_promises_privacy(app, shown):
    at = app("start")
    assert not at.exception
    shown = shown(at)
    assert start.PRIVACY in shown
    assert "beslist niet" in shown
    assert "Veilig Thuis" in shown


def test_gemeente_sets_region(app, shown):
    at = app("start")
    at.selectbox(key=start.GEMEENTE_KEY).select("Enschede").run()
    assert not at.exception
    assert at.session_state[session.GEMEENTE] == "Enschede"
    assert "Veilig Thuis Twente" in shown(at)


def test_andere_gemeente_is_landelijk(app, shown):
    at = app("start")
    at.selectbox(key=start.GEMEENTE_KEY).select(session.ANDERE_GEMEENTE).run()
    assert "Veilig Thuis in je regio" in shown(at)


def test_a_typed_gemeente_outside_the_regions_gets_the_national_contact(app, shown):
    assert start.clean_text("  Utrecht\t\x1b ") == "Utrecht"  # what typing it stores
    assert start.clean_text("x" * 500) == "x" * 80
    at = app("start")
    at.session_state[session.GEMEENTE] = "Utrecht"
    at.run()
    assert not at.exception
    assert at.selectbox(key=start.GEMEENTE_KEY).options[0] == "Utrecht"  # shown as chosen
    text = shown(at)
    assert "Deze app kent de regio van je gemeente niet" in text
    assert "0800-2000" in text
    assert "noem je woonplaats, dan word je doorverbonden" in text


def test_sector_is_stored(app, shown):
    at = app("start")
    at.selectbox(key=start.SECTOR_KEY).select("onderwijs").run()
    assert at.session_state[session.SECTOR] == "onderwijs"


def test_alles_wissen_clears_everything(app, shown):
    at = app("start")
    at.selectbox(key=start.GEMEENTE_KEY).select("Enschede").run()
    at.session_state[session.QUICK] = session.WalkState(flow="afwegingskader")
    at.button(key=session.widget("start", "wissen")).click().run()
    assert not at.exception
    assert session.GEMEENTE not in at.session_state
    assert session.QUICK not in at.session_state
    assert at.selectbox(key=start.GEMEENTE_KEY).value is None
    assert "Alles is gewist" in shown(at)


def test_medewerker_route_relevance_follows_sector(app, shown):
    at = app("start")
    at.selectbox(key=start.SECTOR_KEY).select("kinderopvang").run()
    assert "Deze route geldt voor jouw sector (Kinderopvang)" in shown(at)
    at.selectbox(key=start.SECTOR_KEY).select("artsen").run()
    assert "geldt deze aparte route niet" in shown(at)
