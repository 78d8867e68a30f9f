"""Library targets that are PostgreSQL URLs, and how to name them in messages."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from kernel.library_target import as_target, is_postgres_url

__all__ = ["as_target", "connect_error_reason", "is_postgres_url", "redact"]


def redact(url: str) -> str:
    """The URL with any password replaced by ***, for messages and logs."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return re.sub(r"//([^:/@]*):[^@]*@", r"//\1:***@", url)
    if parts.password is None:
        # a password can also ride in the query string (?password=...)
        return re.sub(r"(password=)[^&]*", r"\1***", url)
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    safe = urlunsplit((parts.scheme, f"{user}:***@{netloc[1]}", parts.path, parts.query, ""))
    return re.sub(r"(password=)[^&]*", r"\1***", safe)


def connect_error_reason(exc: BaseException, url: str) -> str:
    """One line for a failed connection: which part is wrong, never the password."""
    text = " ".join(str(exc).split())
    secret = _password(url)
    if secret:
        text = text.replace(secret, "***")
    lowered = text.lower()
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return "the server refused the user name or password"
    if "does not exist" in lowered and "database" in lowered:
        return "no such database on the server (create it with `createdb NAME`)"
    if "does not exist" in lowered and "role" in lowered:
        return "no such user on the server (create it with `createuser NAME`)"
    if "connection refused" in lowered or "no such file or directory" in lowered:
        return "no PostgreSQL server answers there (is it running? right host and port?)"
    if "timeout" in lowered or "timed out" in lowered:
        return "the server did not answer in time"
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return "unknown host name"
    if "invalid" in lowered and ("dsn" in lowered or "uri" in lowered or "connection" in lowered):
        return "not a valid postgresql:// URL"
    return f"cannot connect ({text[:200]})"


def _password(url: str) -> str | None:
    try:
        password = urlsplit(url).password
    except ValueError:
        return None
    if password:
        return password
    found = re.search(r"password=([^&]*)", url)
    return found.group(1) if found else None
