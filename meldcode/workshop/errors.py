"""Workshop errors; ``message`` is the Dutch text a user reads."""

from __future__ import annotations


class WorkshopError(Exception):
    message = "Er ging iets mis met de workshop."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.message)
        if message:
            self.message = message


class UnknownCode(WorkshopError):
    message = "Deze code hoort niet bij een lopende workshop. Controleer de code of vraag de trainer om de QR-code."


class UnknownParticipant(WorkshopError):
    message = "Je deelname aan deze workshop is niet (meer) bekend. Doe opnieuw mee met de code."


class WorkshopFull(WorkshopError):
    message = "Deze workshop is vol: er kunnen geen deelnemers meer bij."


class NotPresenter(WorkshopError):
    message = "Alleen de trainer die de workshop startte kan dit doen."


class AnswerRefused(WorkshopError):
    message = "Antwoorden kan nu niet: de trainer heeft deze vraag niet (meer) open staan."


class InvalidAnswer(WorkshopError):
    message = "Dit antwoord hoort niet bij de vraag."


class TooManyAttempts(WorkshopError):
    message = "Te veel pogingen met een verkeerde code. Wacht een minuut en probeer het opnieuw."


class DatabaseUnavailable(WorkshopError):
    message = "De workshopdatabase is even niet bereikbaar. Probeer het zo opnieuw."
