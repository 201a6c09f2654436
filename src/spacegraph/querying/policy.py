"""What a query may reach: SERVICE only to allowed hosts, never to a private address.

A regular expression over the text is not enough: ``SERVICE`` may be hidden in a string,
an IRI or a comment (harmless), spelled with ``\\u`` escapes (which SPARQL expands before
parsing, so it is live), or followed by a prefixed name or a variable. So the text is
expanded and cut into the tokens of the SPARQL grammar (strings, IRIs, comments,
prefixed names, variables, keywords) and each ``SERVICE`` keyword's target is resolved
against the query's own ``BASE`` and ``PREFIX`` declarations before it is judged:

- a variable (``SERVICE ?x``) is refused: its value is only known while the query runs;
- the target must be an absolute ``http`` or ``https`` IRI (``file:`` and the rest are not);
- a loopback, private, link-local, multicast or unspecified address (written as an IP,
  including the short and integer forms that resolvers accept) and ``localhost`` names
  are refused even when listed;
- otherwise the host must be one of the allowed hosts (settings.service_hosts).

Listed host names are trusted by name: they are not resolved here (a listed name that
resolves to a private address is the operator's choice).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urljoin, urlsplit

from ..errors import ForbiddenOperation

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

#: The grammar's tokens, tried in order at each position (whitespace skipped).
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%\\-]|\.(?=[\w:%\\-]))*)
    | (?P<word>[^\W\d][\w-]*)
    | (?P<other>\S)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def expand_escapes(text: str) -> str:
    """The query as the engine reads it: ``\\uXXXX`` / ``\\UXXXXXXXX`` expanded first."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def tokens(text: str) -> Iterable[Token]:
    """The significant tokens of a query text (comments dropped)."""
    for match in _TOKEN.finditer(expand_escapes(text)):
        kind = match.lastgroup or "other"
        if kind != "comment":
            yield Token(kind, match.group())


def service_targets(text: str) -> list[str]:
    """The target of every SERVICE clause: an absolute IRI, or ``?name`` for a variable.

    A relative IRI is resolved against the last ``BASE`` before it (left relative when there
    is none); a prefixed name against its ``PREFIX``. An undeclared prefix is returned as
    written, and refused by :func:`check_service_target` like any non-http target.
    """
    base: str | None = None
    prefixes: dict[str, str] = {}
    found: list[str] = []
    items = list(tokens(text))
    for index, token in enumerate(items):
        keyword = token.text.upper() if token.kind == "word" else ""
        following = items[index + 1 : index + 4]
        if keyword == "BASE" and following and following[0].kind == "iri":
            base = _resolve(following[0].text[1:-1], base)
        elif keyword == "PREFIX" and len(following) >= 2 and following[1].kind == "iri":
            if following[0].kind == "pname" and following[0].text.endswith(":"):
                prefixes[following[0].text[:-1]] = _resolve(following[1].text[1:-1], base)
        elif keyword == "SERVICE":
            target = following[0] if following else None
            if target is not None and target.kind == "word" and target.text.upper() == "SILENT":
                target = following[1] if len(following) > 1 else None
            if target is None:
                continue  # the engine refuses the syntax error
            if target.kind == "var":
                found.append(target.text)
            elif target.kind == "iri":
                found.append(_resolve(target.text[1:-1], base))
            elif target.kind == "pname":
                prefix, _, local = target.text.partition(":")
                expanded = prefixes.get(prefix)
                found.append(expanded + _unescape_local(local) if expanded else target.text)
            else:
                found.append(target.text)
    return found


def check_query(text: str, allowed_hosts: Iterable[str]) -> None:
    """Raise :class:`ForbiddenOperation` unless every SERVICE target is allowed."""
    if "service" not in text.lower() and "\\u" not in text.lower():
        return  # no SERVICE keyword, even escaped: skip the tokenizer (it is on every request)
    allowed = tuple(allowed_hosts)
    for target in service_targets(text):
        check_service_target(target, allowed)


def check_service_target(target: str, allowed_hosts: Iterable[str]) -> None:
    """Raise :class:`ForbiddenOperation`, naming the target and why, unless it is allowed."""
    if target.startswith(("?", "$")):
        raise ForbiddenOperation(
            f"SERVICE {target} is refused: a SERVICE target must be a fixed IRI, "
            "not a variable, so that it can be checked before the query runs"
        )
    parts = urlsplit(target)
    if parts.scheme.lower() not in ("http", "https"):
        raise ForbiddenOperation(
            f"SERVICE <{target}> is refused: only http and https endpoints may be called"
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ForbiddenOperation(f"SERVICE <{target}> is refused: it names no host")
    reason = _private_reason(host)
    if reason:
        raise ForbiddenOperation(
            f"SERVICE <{target}> is refused: {host} is {reason}, which is never allowed"
        )
    listed = {name.strip().lower().rstrip(".") for name in allowed_hosts}
    if host not in listed:
        hosts = ", ".join(sorted(listed)) or "none"
        raise ForbiddenOperation(
            f"SERVICE <{target}> is refused: the host {host} is not on this endpoint's "
            f"allow-list (allowed: {hosts})"
        )


def _private_reason(host: str) -> str | None:
    """Why a host may never be called, or None: loopback, private, link-local..."""
    if host == "localhost" or host.endswith(".localhost"):
        return "a loopback name"
    address = _as_address(host)
    if address is None:
        if not re.fullmatch(r"[a-z0-9._-]+", host):
            return "not a plain host name"
        return None
    for flag, reason in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_private", "a private address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "an unspecified address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(address, flag):
            return reason
    mapped = getattr(address, "ipv4_mapped", None)
    return _private_reason(str(mapped)) if mapped is not None else None


def _as_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a host names literally, including forms like ``127.1`` or
    ``2130706433`` that resolvers read as IPv4 addresses."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if re.fullmatch(r"(0x[0-9a-f]+|[0-9]+)(\.(0x[0-9a-f]+|[0-9]+)){0,3}", host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return ipaddress.IPv4Address("0.0.0.0")  # unreadable digits: treat as unspecified
    return None


def _resolve(iri: str, base: str | None) -> str:
    return urljoin(base, iri) if base else iri


def _unescape_local(local: str) -> str:
    """A prefixed name's local part with its ``\\`` escapes removed (``ex:a\\.b``)."""
    return re.sub(r"\\(.)", r"\1", local)


def operation(text: str) -> str:
    """The first keyword after the prologue, upper-cased (``SELECT``, ``LOAD``, ``INSERT``...);
    empty when there is none. Only the prologue is read, not the whole query."""
    items = iter(tokens(text))
    for token in items:
        word = token.text.upper() if token.kind == "word" else ""
        skip = {"BASE": 1, "PREFIX": 2}.get(word)
        if skip is None:
            return word
        for _ in islice(items, skip):  # the IRI, or the prefix and its IRI
            pass
    return ""
