"""Outgoing mail: through SMTP when MAIL_SERVER is set, otherwise written to the log."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from web.config import Settings

log = logging.getLogger(__name__)
SMTP_TIMEOUT = 10  # seconds; a stuck mail server must not hold a request for long


def mail_configured(settings: Settings) -> bool:
    """Say whether mail goes out through a server (else it is written to the log)."""
    return bool(settings.mail_server)


def send_mail(*, settings: Settings, to: str, subject: str, body: str) -> bool:
    """Send a plain-text message, or log it (link included) when no mail server is set.

    Return False when the server refused or could not be reached: the caller's page says the
    same either way (no account enumeration), and the failure is in the log.
    """
    if not settings.mail_server:
        log.warning("No MAIL_SERVER configured; mail to %s (%s):\n%s", to, subject, body)
        return True
    message = EmailMessage()
    message["From"] = settings.mail_sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(settings.mail_server, settings.mail_port, timeout=SMTP_TIMEOUT) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls()
                smtp.ehlo()
            if settings.mail_username:
                smtp.login(settings.mail_username, settings.mail_password or "")
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send mail to %s through %s", to, settings.mail_server)
        return False
    log.info("Sent mail to %s (%s)", to, subject)
    return True
