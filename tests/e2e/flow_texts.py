"""What the user sees of the afwegingskader and the stappenplan (flows/*.yaml), for the tests.

Questions are matched by a distinctive part of their text (a radio group's accessible
name is its question); options by their exact label.
"""

from __future__ import annotations

JA_NEE = {"ja": 0, "nee": 1}

# Snelle check (flows/afwegingskader.yaml): question text -> option labels (ja, nee).
VERMOEDEN = "Heb ik op basis van stap 1 tot en met 4 van de meldcode een vermoeden"
ONVEILIGHEID = "dat er sprake is van acute onveiligheid en/of structurele onveiligheid?"
HULP_MOGELIJK = "Ben ik in staat effectieve hulp te bieden of te organiseren"
HULP_AANVAARD = "Aanvaarden de betrokkenen die hulp"
HULP_EFFECTIEF = "Leidt de hulp binnen de gewenste termijn tot de noodzakelijke resultaten"

OPTIONS = {
    VERMOEDEN: ("Ja, ik heb een vermoeden", "Nee, ik heb geen vermoeden"),
    ONVEILIGHEID: ("Ja, er is acute en/of structurele onveiligheid", "Nee, geen acute of structurele onveiligheid"),
    HULP_MOGELIJK: ("Ja, ik kan effectieve hulp bieden of organiseren", "Nee, dat kan ik niet"),
    HULP_AANVAARD: (
        "Ja, zij aanvaarden de hulp en zetten zich in",
        "Nee, zij aanvaarden de hulp niet of zetten zich niet in",
    ),
    HULP_EFFECTIEF: (
        "Ja, de hulp leidt tot de noodzakelijke veiligheid en het welzijn",
        "Nee, de hulp leidt niet tot het gewenste resultaat",
    ),
}
QUESTIONS = [VERMOEDEN, ONVEILIGHEID, HULP_MOGELIJK, HULP_AANVAARD, HULP_EFFECTIEF]

MELDEN_ONVEILIGHEID = "Melden is noodzakelijk — acute of structurele onveiligheid"
REASON_ONVEILIGHEID = "Er is sprake van acute en/of structurele onveiligheid: melden bij Veilig Thuis is noodzakelijk."
MELDEN_HULP_NIET_MOGELIJK = "Melden is noodzakelijk — hulp bieden of organiseren is niet mogelijk"
HULP_VOLGEN = "Hulp bieden of organiseren en volgen — melden is nu niet noodzakelijk"
HULP_VERLENEN = "Hulp afsluiten — melden is niet noodzakelijk, de veiligheid blijft gevolgd"
REASON_HULP_EFFECTIEF = "De hulp leidt binnen de gewenste termijn tot de noodzakelijke veiligheid"
VEILIG_THUIS = "0800-2000"

# Stappenplan (flows/meldcode.yaml)
STEP_QUESTION = "Hoe rond je deze stap af?"
STEP_TITLES = {
    1: "Stap 1 — Breng signalen in kaart",
    2: "Stap 2 — Overleg en vraag advies",
    3: "Stap 3 — Ga in gesprek met betrokkene(n)",
    4: "Stap 4 — Weeg het geweld of de kindermishandeling",
    5: "Stap 5 — Neem twee beslissingen met het afwegingskader",
}
STEP_DONE = {
    1: "Signalen in kaart gebracht — verder naar de kindcheck",
    2: "Overleg gevoerd — verder naar stap 3",
    3: "Gesprek gevoerd — verder naar stap 4",
    4: "Gewogen — verder naar stap 5",
    5: "Naar het afwegingskader",
}
KINDCHECK = "Heeft je cliënt de zorg voor minderjarige kinderen"
KINDCHECK_JA = (
    "Ja: mijn cliënt zorgt voor minderjarige kinderen, is zwanger, of heeft (als adolescent) jongere broers of "
    "zussen in huis"
)


def option(question: str, value: str) -> str:
    return OPTIONS[question][JA_NEE[value]]
