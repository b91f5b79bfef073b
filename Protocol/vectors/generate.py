#!/usr/bin/env python3
"""Independent reference implementation that produced the medledger ledger-format test vectors.

This script is the second implementation the vectors in this folder come from. It shares no
code with the Swift sources: it has its own RFC 8785 (JCS) encoder, its own RFC 3339 reader,
its own RFC 6962 Merkle tree hash and its own C2SP signed-note / tlog-checkpoint writer, each
written from the specifications cited in Protocol/LEDGER.md. Only Python's standard library
(json's tokenizer, float repr, hashlib, base64, datetime) and the `cryptography` package
(Ed25519, RFC 8032) are used.

It is deterministic: no clock, no randomness (Ed25519 signatures are deterministic), so

    python3 Protocol/vectors/generate.py

rewrites events.json, trees.json, checkpoint.json and jcs.json byte for byte. Run it with
`--check` to compare the files on disk against a fresh generation without writing anything.

Requires Python 3.8+ with sys.float_repr_style == "short" (true of every CPython build on
IEEE 754 hardware) and `cryptography` >= 2.6.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import re
import struct
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

HERE = Path(__file__).resolve().parent
MAX_SAFE_INTEGER = 2**53 - 1


# ---------------------------------------------------------------------------------------------
# I-JSON reading (RFC 7493) with the ledger's refusals
# ---------------------------------------------------------------------------------------------

class JObject(list):
    """A JSON object as a list of (name, value) pairs: raw names, input order, never merged."""


class RefusedJSON(ValueError):
    pass


def _pairs(pairs):
    seen = set()
    for name, _ in pairs:
        # Names are compared by exact code points (= exact UTF-16 code units for valid text):
        # "\u00e9" and "e\u0301" are two different names.
        if name in seen:
            raise RefusedJSON(f"duplicate member name {name!r}")
        seen.add(name)
    return JObject(pairs)


def _integer(text):
    value = int(text)
    if abs(value) > MAX_SAFE_INTEGER:
        raise RefusedJSON(f"integer {text} is beyond +-(2^53-1)")
    return float(value)


def _float(text):
    value = float(text)  # correctly rounded (David Gay's strtod in CPython)
    if value != value or value in (float("inf"), float("-inf")):
        raise RefusedJSON(f"number {text} is out of range")
    if value == int(value) and MAX_SAFE_INTEGER < abs(value) < 1e21:
        # Whatever its spelling (1e20, 9007199254740992.0), RFC 8785 would write this value as
        # an integer beyond +-(2^53-1), which the ledger refuses: refuse it here too, so the
        # canonical bytes never hold a number their own reader refuses.
        raise RefusedJSON(f"number {text} is an integer beyond +-(2^53-1)")
    return value


def _constant(text):
    raise RefusedJSON(f"{text} is not JSON")


def parse_json(text: str):
    """Parses one JSON text, refusing what the ledger refuses (duplicates, big integers,
    NaN/Infinity, lone surrogates). Numbers become floats (IEEE 754 doubles)."""
    value = json.loads(text, object_pairs_hook=_pairs, parse_int=_integer,
                       parse_float=_float, parse_constant=_constant)
    _refuse_lone_surrogates(value)
    return value


def _refuse_lone_surrogates(value):
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise RefusedJSON(f"lone surrogate in {value!r}") from None
    elif isinstance(value, list):  # JObject is a list of pairs too
        for item in value:
            if isinstance(value, JObject):
                _refuse_lone_surrogates(item[0])
                _refuse_lone_surrogates(item[1])
            else:
                _refuse_lone_surrogates(item)


# ---------------------------------------------------------------------------------------------
# RFC 8785 JSON Canonicalization Scheme
# ---------------------------------------------------------------------------------------------

def es_number(value: float) -> str:
    """ECMAScript Number::toString (ECMA-262 6.1.6.1.20), as RFC 8785 §3.2.2.3 requires."""
    if value != value or value in (float("inf"), float("-inf")):
        raise RefusedJSON("NaN and Infinity have no JSON form")
    if value == 0:
        return "0"  # +0 and -0 alike
    sign = "-" if value < 0 else ""
    # repr() is the shortest decimal that round-trips, the closest one when several are as
    # short: exactly the digits s (and their count k) that ECMA-262 asks for.
    text = repr(abs(value))
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    n = len(whole) + (int(exponent) if exponent else 0)  # value = 0.digits * 10^n
    stripped = digits.lstrip("0")
    n -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    k = len(digits)
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    body = digits[0] + ("." + digits[1:] if k > 1 else "")
    return sign + body + "e" + ("+" if e > 0 else "-") + str(abs(e))


_SHORT_ESCAPES = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
                  0x22: '\\"', 0x5C: "\\\\"}


def jcs_string(text: str) -> str:
    """RFC 8785 §3.2.2.2: escape only '"', '\\' and U+0000..U+001F (short forms where JSON has
    them, else \\u00xx in lowercase hex); everything else as itself."""
    text.encode("utf-8")  # raises on a lone surrogate
    out = ['"']
    for ch in text:
        code = ord(ch)
        if code in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[code])
        elif code < 0x20:
            out.append("\\u%04x" % code)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _utf16_key(name: str) -> bytes:
    # Big-endian UTF-16 bytes compare exactly like sequences of UTF-16 code units.
    return name.encode("utf-16-be")


def jcs(value) -> str:
    """The RFC 8785 canonical text of a value (encode it as UTF-8 for the bytes)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        if isinstance(value, int) and abs(value) > MAX_SAFE_INTEGER:
            raise RefusedJSON("integer beyond +-(2^53-1)")
        return es_number(float(value))
    if isinstance(value, str):
        return jcs_string(value)
    if isinstance(value, JObject):
        members = sorted(value, key=lambda member: _utf16_key(member[0]))
        return "{" + ",".join(jcs_string(n) + ":" + jcs(v) for n, v in members) + "}"
    if isinstance(value, list):
        return "[" + ",".join(jcs(v) for v in value) + "]"
    raise TypeError(f"not a JSON value: {value!r}")


def jcs_bytes(value) -> bytes:
    return jcs(value).encode("utf-8")


# ---------------------------------------------------------------------------------------------
# RFC 3339 times, normalized to the ledger's canonical `at`
# ---------------------------------------------------------------------------------------------

_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([Zz]|[+-]\d{2}:\d{2}))?\Z")


def canonical_at(text: str) -> str:
    """An RFC 3339 time with a zone (at most six fraction digits) or a bare date (midnight
    UTC), as the ledger writes it: UTC, 'Z', fraction only when non-zero, zeros trimmed."""
    m = _TIME.match(text)
    if not m:
        raise ValueError(f"not a ledger time: {text!r}")
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    if m[4] is None:
        instant = datetime.datetime(year, month, day, tzinfo=datetime.timezone.utc)
    else:
        micro = int((m[7] or "").ljust(6, "0") or 0)
        zone = m[8]
        if zone in ("Z", "z"):
            offset = datetime.timedelta(0)
        else:
            sign = -1 if zone[0] == "-" else 1
            offset = sign * datetime.timedelta(hours=int(zone[1:3]), minutes=int(zone[4:6]))
        local = datetime.datetime(year, month, day, int(m[4]), int(m[5]), int(m[6]), micro,
                                  tzinfo=datetime.timezone(offset))
        instant = local.astimezone(datetime.timezone.utc)
    if not 1 <= instant.year <= 9999:  # (datetime would refuse it anyway)
        raise ValueError(f"{text!r} is outside the years 0001-9999 in UTC")
    out = "%04d-%02d-%02dT%02d:%02d:%02d" % (instant.year, instant.month, instant.day,
                                            instant.hour, instant.minute, instant.second)
    if instant.microsecond:
        out += ("." + "%06d" % instant.microsecond).rstrip("0")
    return out + "Z"


# ---------------------------------------------------------------------------------------------
# Events: canonical bytes, fact bytes, leaf hash
# ---------------------------------------------------------------------------------------------

def member(obj: JObject, name: str):
    for n, v in obj:
        if n == name:
            return v
    return None


def fact_object(interchange: JObject) -> JObject:
    """{actor, at, data, device?, type}: the fact alone, `at` normalized."""
    fact = JObject([
        ("type", member(interchange, "type")),
        ("at", canonical_at(member(interchange, "at"))),
        ("actor", member(interchange, "actor")),
        ("data", member(interchange, "data")),
    ])
    device = member(interchange, "device")
    if device is not None:
        fact.append(("device", device))
    return fact


def event_object(interchange: JObject, site: str, seq: int, hlc: str) -> JObject:
    """The canonical members {v, site, seq, hlc, type, device?, at, actor, data}."""
    return JObject([("v", 1), ("site", site), ("seq", seq), ("hlc", hlc)] + list(fact_object(interchange)))


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def leaf_hash(data: bytes) -> bytes:
    return sha256(b"\x00" + data)  # RFC 6962 §2.1


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right)  # RFC 6962 §2.1


def merkle_tree_hash(leaves: list) -> bytes:
    """RFC 6962 §2.1 MTH over leaf hashes, by the RFC's recursive definition."""
    n = len(leaves)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2  # the largest power of two smaller than n
    return node_hash(merkle_tree_hash(leaves[:k]), merkle_tree_hash(leaves[k:]))


def hlc(milliseconds: int, counter: int) -> str:
    return "%015d-%06d" % (milliseconds, counter)


# The events. Each interchange text is kept verbatim in events.json (raw number spellings,
# escapes, member order), so a reader re-derives the canonical bytes from the same input.
NORTH = "north-campus"
SOUTH = "south"
EVENTS = [
    (NORTH, 1, hlc(1741000000000, 0),
     "device.procured; bare date `at` (midnight UTC); members out of order; nested contract terms",
     r'''{"type": "device.procured", "device": "pump-0001", "at": "2025-03-01", "actor": "procurement@north", "data": {"model": "IP-300", "manufacturer": "Infusia Medical", "serial": "SN 0001", "version": "4.2.1", "contract": {"id": "C-2025-017", "usefulLifeEnd": "2032-12-31", "patchDays": {"critical": 30, "high": 60, "medium": 90, "low": 180}, "securityContact": "psirt@infusia.example", "vulnerabilityPortal": "https://infusia.example/psirt", "remoteAccess": {"method": "vendor VPN", "authentication": "MFA", "monitoring": "SIEM"}, "isao": "H-ISAC", "certifications": ["ISO 27001", "SOC 2 Type II"], "scoring": "CVSS 3.1", "fdaWarranty": true, "malwareFreeWarranty": true}}}'''),
    (NORTH, 2, hlc(1741000000000, 1),
     "device.deployed; `at` with a +01:00 offset; non-ASCII actor and data; an unknown data member kept",
     r'''{"at": "2025-03-03T09:30:00+01:00", "type": "device.deployed", "device": "pump-0001", "actor": "Zo\u00eb M\u00fcller", "data": {"location": "Station 4B \u2014 Bett 12", "department": "P\u00e4diatrie", "segment": "VLAN 42", "inClinicalUse": true}}'''),
    (NORTH, 3, hlc(1741000000000, 2),
     "sbom.recorded; fraction .500 trimmed to .5; CJK text written raw; unknown nested members",
     r'''{"type": "sbom.recorded", "device": "pump-0001", "at": "2025-03-03T10:00:00.500Z", "actor": "biomed", "data": {"format": "CycloneDX 1.6", "components": [{"name": "openssl", "version": "3.0.13", "purl": "pkg:generic/openssl@3.0.13"}, {"name": "zlib", "version": "1.3.1", "cpe": "cpe:2.3:a:zlib:zlib:1.3.1:*:*:*:*:*:*:*"}, {"name": "嵌入式内核", "version": "2.6"}], "x-supplier": {"delivered": "2025-02-27", "pages": 12}}}'''),
    (NORTH, 4, hlc(1741003200000, 0),
     "mds2.recorded; lowercase 't', one microsecond, -01:00 offset crossing midnight",
     r'''{"type": "mds2.recorded", "device": "pump-0001", "at": "2025-03-02t23:15:00.000001-01:00", "actor": "biomed", "data": {"version": "MDS2 2019", "date": "2025-02-20", "answers": {"AUTH-2": "No", "ALOF-1": "Yes", "\u20ac-note": "n/a"}}}'''),
    (NORTH, 5, hlc(1741131912500, 0),
     "vulnerability.disclosed (no device); -05:00 offset crossing midnight; score 9.80 -> 9.8",
     r'''{"type": "vulnerability.disclosed", "at": "2025-03-04T18:45:12.123-05:00", "actor": "psirt-feed", "data": {"cve": "CVE-2025-12345", "cvss": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "score": 9.80, "kev": true, "source": "supplier advisory", "affects": {"models": [{"manufacturer": "Infusia Medical", "model": "IP-300"}], "components": ["openssl"], "devices": ["pump-0001"]}}}'''),
    (NORTH, 6, hlc(1741161600000, 0),
     "vulnerability.assessed; escaped control characters (tab, U+001F), quote, backslash, raw DEL and U+2028",
     r'''{"type": "vulnerability.assessed", "device": "pump-0001", "at": "2025-03-05T08:00:00Z", "actor": "security@north", "data": {"cve": "CVE-2025-12345", "status": "affected", "justification": "Tab\there, unit separator \u001F, quote \" and backslash \\, slash \/, DEL \u007f, line\u2028separator"}}'''),
    (NORTH, 7, hlc(1741608000000, 0),
     "patch.released (no device); +05:30 offset; the ECMAScript number forms",
     r'''{"type": "patch.released", "at": "2025-03-10T12:00:00+05:30", "actor": "psirt-feed", "data": {"manufacturer": "Infusia Medical", "model": "IP-300", "version": "4.2.2", "fixes": ["CVE-2025-12345", "CVE-2024-0001"], "x-numbers": {"big": 1E21, "tiny": 0.000001, "price": 4.50, "negativeZero": -0, "small": 1e-7, "maxSafe": 9007199254740991, "minSafe": -9007199254740991, "large": 1.5E+300, "scaled": 123.456e2, "third": 0.3333333333333333, "sum": 0.30000000000000004, "subnormal": 5e-324, "negativeSmall": -0.0000033333333333333333, "justBelow": 9.999999999999997e-7}}}'''),
    (NORTH, 8, hlc(1741658584050, 0),
     "incident.opened (no device); +00:00 offset; member names sorted by UTF-16 code units; e + U+0301 and U+00E9 kept as two members",
     r'''{"type": "incident.opened", "at": "2025-03-11T02:03:04.050607+00:00", "actor": "soc", "data": {"incident": "INC-2025-007", "devices": ["pump-0001"], "severity": "high", "summary": "Ransom note on the pump's console \ud83d\ude00", "x-names": {"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis", "\ue000": "Private Use", "\u00e9": "e acute, precomposed", "e\u0301": "e and combining acute"}}}'''),
    (NORTH, 9, hlc(1741826000000, 3),
     "patch.applied; -00:30 offset rolling into the next day, six fraction digits",
     r'''{"type": "patch.applied", "device": "pump-0001", "at": "2025-03-12T23:59:59.999999-00:30", "actor": "biomed-tech-7", "data": {"version": "4.2.2"}}'''),
    (SOUTH, 1, hlc(1741200000000, 0),
     "the fact of north-campus:5 recorded again at another origin: same fact hash, other canonical bytes and leaf",
     r'''{"data": {"affects": {"devices": ["pump-0001"], "components": ["openssl"], "models": [{"model": "IP-300", "manufacturer": "Infusia Medical"}]}, "source": "supplier\u0020advisory", "kev": true, "score": 9.8, "cvss": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "cve": "CVE-2025-12345"}, "actor": "psirt-feed", "at": "2025-03-05T00:45:12.123000+01:00", "type": "vulnerability.disclosed"}'''),
    (SOUTH, 2, hlc(1741298400000, 0),
     "mitigation.applied; -08:00 offset; a time inside data is kept as written",
     r'''{"type": "mitigation.applied", "device": "mon-0042", "at": "2025-03-06T14:00:00-08:00", "actor": "security@south", "data": {"cve": "CVE-2025-12345", "control": "moved to isolated VLAN 99", "expires": "2025-06-30T00:00:00+02:00"}}'''),
    (SOUTH, 3, hlc(1741305600000, 0),
     "lifecycle.announced (no device); bare date `at`",
     r'''{"type": "lifecycle.announced", "at": "2025-03-07", "actor": "procurement@south", "data": {"manufacturer": "Infusia Medical", "model": "IP-300", "endOfSale": "2026-01-01", "endOfSupport": "2029-12-31T23:59:59Z", "endOfLife": "2031-12-31"}}'''),
    (SOUTH, 4, hlc(1741428000000, 0),
     "contract.amended without a device: every device on contract C-2025-017",
     r'''{"type": "contract.amended", "at": "2025-03-08T10:00:00Z", "actor": "procurement@south", "data": {"contract": {"id": "C-2025-017", "patchDays": {"critical": 14, "high": 30}}, "reason": "amendment 1"}}'''),
    (SOUTH, 5, hlc(1742484600000, 0),
     "device.decommissioned; one fraction digit with +01:00; empty object, empty array and null kept",
     r'''{"type": "device.decommissioned", "device": "mon-0042", "at": "2025-03-20T16:30:00.1+01:00", "actor": "biomed@south", "data": {"sanitized": false, "method": "none: returned to vendor", "x-empty": {}, "x-list": [], "x-null": null}}'''),
    (SOUTH, 6, hlc(1742500000000, 0),
     "kev.listed (no device); bare date `at` = dateAdded; the `document` a fact was imported from (kind, id, SHA-256 of the file)",
     r'''{"type": "kev.listed", "at": "2021-12-10", "actor": "secops@south", "data": {"cve": "CVE-2021-44228", "dateAdded": "2021-12-10", "dueDate": "2021-12-24", "requiredAction": "For all affected software assets for which updates exist, the only acceptable remediation actions are: 1) Apply updates; OR 2) remove affected assets from agency networks. Temporary mitigations using one of the measures provided at https://www.cisa.gov/uscert/ed-22-02-apache-log4j-recommended-mitigation-measures are only acceptable until updates are available.", "knownRansomwareCampaignUse": "Known", "catalogVersion": "2025.08.25", "vendorProject": "Apache", "product": "Log4j2", "vulnerabilityName": "Apache Log4j2 Remote Code Execution Vulnerability", "document": {"kind": "kev", "id": "2025.08.25", "sha256": "901b1f227941a3879a3e39fcb857bb6f7252bf9d71b63ef08d50a836d5ab1bd2"}}}'''),
    (SOUTH, 7, hlc(1742500000000, 1),
     "vulnerability.recorded (no device): GitHub's OSV record of Log4Shell as the log keeps it; `at` = its published time; the `document` is the record itself (kind osv, its id, the SHA-256 of its file)",
     r'''{"type": "vulnerability.recorded", "at": "2021-12-10T00:40:56Z", "actor": "secops@south", "data": {"id": "GHSA-jfh8-c2jp-5v3q", "source": "osv", "aliases": ["CVE-2021-44228"], "published": "2021-12-10T00:40:56Z", "modified": "2022-03-25T20:56:18Z", "summary": "Remote code injection in Log4j", "cvss": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", "affected": [{"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.13.0"}, {"fixed": "2.15.0"}]}]}, {"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.3.1"}]}]}, {"package": {"ecosystem": "Maven", "name": "org.apache.logging.log4j:log4j-core"}, "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "2.4"}, {"fixed": "2.12.2"}]}]}], "document": {"kind": "osv", "id": "GHSA-jfh8-c2jp-5v3q", "sha256": "89eb7c85dc1ed6cbd4b292a815abd545cf0c680f034c69ba7681923b2de45891"}}}'''),
    (SOUTH, 8, hlc(1742500000000, 2),
     "cpe.assigned with a device: the CPE 2.3 name of the device's firmware, with a quoted character",
     r'''{"type": "cpe.assigned", "device": "mon-0042", "at": "2025-03-21T09:00:00Z", "actor": "biomed@south", "data": {"cpe": "cpe:2.3:o:vitalwave:vw\\-500_firmware:3.1:*:*:*:*:*:*:*"}}'''),
]


def build_events():
    entries = []
    for site, seq, clock, description, text in EVENTS:
        interchange = parse_json(text)
        canonical = jcs_bytes(event_object(interchange, site, seq, clock))
        fact = jcs_bytes(fact_object(interchange))
        entries.append({
            "description": description,
            "site": site,
            "seq": seq,
            "hlc": clock,
            "event": text,  # written verbatim
            "canonical": canonical.decode("utf-8"),
            "leaf": leaf_hash(canonical).hex(),
            "fact": sha256(fact).hex(),
            "_canonical_bytes": canonical,
        })
    return entries


def dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_events(entries) -> str:
    lines = ["["]
    for i, e in enumerate(entries):
        lines.append("  {")
        lines.append('    "description": %s,' % dump(e["description"]))
        lines.append('    "site": %s,' % dump(e["site"]))
        lines.append('    "seq": %d,' % e["seq"])
        lines.append('    "hlc": %s,' % dump(e["hlc"]))
        lines.append('    "event": %s,' % e["event"])
        lines.append('    "canonical": %s,' % dump(e["canonical"]))
        lines.append('    "leaf": %s,' % dump(e["leaf"]))
        lines.append('    "fact": %s' % dump(e["fact"]))
        lines.append("  }" + ("," if i < len(entries) - 1 else ""))
    lines.append("]")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Trees
# ---------------------------------------------------------------------------------------------

def build_trees(entries):
    north = [e for e in entries if e["site"] == NORTH]
    assert [e["seq"] for e in north] == list(range(1, 10))
    leaves = [leaf_hash(e["_canonical_bytes"]) for e in north]
    return {
        "description": "leaves[i] is the RFC 6962 leaf hash of the canonical bytes of events.json's "
                       "event north-campus:(i+1); roots[n] is the Merkle Tree Hash of the first n leaves",
        "site": NORTH,
        "leaves": [leaf.hex() for leaf in leaves],
        "roots": [{"size": n, "root": merkle_tree_hash(leaves[:n]).hex()} for n in range(0, 10)],
    }, leaves


def render_trees(trees) -> str:
    lines = ["{"]
    lines.append('  "description": %s,' % dump(trees["description"]))
    lines.append('  "site": %s,' % dump(trees["site"]))
    lines.append('  "leaves": [')
    lines.append(",\n".join("    " + dump(leaf) for leaf in trees["leaves"]))
    lines.append("  ],")
    lines.append('  "roots": [')
    lines.append(",\n".join("    " + dump(r) for r in trees["roots"]))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Checkpoint: C2SP tlog-checkpoint in a C2SP signed note, Ed25519
# ---------------------------------------------------------------------------------------------

# A TEST KEY, published here on purpose: it signs nothing but these vectors.
TEST_SEED = sha256("medledger LEDGER.md test vector key: public, never use it for a site".encode())
ED25519_ALGORITHM = b"\x01"  # C2SP signed-note signature type for Ed25519


def build_checkpoint(leaves):
    key = Ed25519PrivateKey.from_private_bytes(TEST_SEED)
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    name = "medledger/" + NORTH
    key_id = sha256(name.encode() + b"\n" + ED25519_ALGORITHM + public)[:4]
    size = len(leaves)
    root = merkle_tree_hash(leaves)
    text = "%s\n%d\n%s\n" % (name, size, base64.b64encode(root).decode())
    signature = key.sign(text.encode("utf-8"))
    note = text + "\n" + "\u2014 " + name + " " + base64.b64encode(key_id + signature).decode() + "\n"
    return {
        "description": "TEST KEY ONLY: the seed is public. The checkpoint of north-campus's tree at size 9 "
                       "(trees.json), signed as a C2SP signed note",
        "seed": TEST_SEED.hex(),
        "site": NORTH,
        "publicKey": base64.b64encode(public).decode(),
        "keyLine": NORTH + " " + base64.b64encode(public).decode(),
        "keyName": name,
        "keyID": key_id.hex(),
        "verifierKey": "%s+%s+%s" % (name, key_id.hex(), base64.b64encode(ED25519_ALGORITHM + public).decode()),
        "size": size,
        "root": root.hex(),
        "text": text,
        "signature": signature.hex(),
        "note": note,
    }


# ---------------------------------------------------------------------------------------------
# RFC 8785's own examples
# ---------------------------------------------------------------------------------------------

# RFC 8785 Appendix B (IEEE 754 binary64 bits -> expected serialization).
APPENDIX_B = [
    ("0000000000000000", "0", "Zero"),
    ("8000000000000000", "0", "Minus zero"),
    ("0000000000000001", "5e-324", "Min pos number"),
    ("8000000000000001", "-5e-324", "Min neg number"),
    ("7fefffffffffffff", "1.7976931348623157e+308", "Max pos number"),
    ("ffefffffffffffff", "-1.7976931348623157e+308", "Max neg number"),
    ("4340000000000000", "9007199254740992", "Max pos int"),
    ("c340000000000000", "-9007199254740992", "Max neg int"),
    ("4430000000000000", "295147905179352830000", "~2**68"),
    ("44b52d02c7e14af5", "9.999999999999997e+22", ""),
    ("44b52d02c7e14af6", "1e+23", ""),
    ("44b52d02c7e14af7", "1.0000000000000001e+23", ""),
    ("444b1ae4d6e2ef4e", "999999999999999700000", ""),
    ("444b1ae4d6e2ef4f", "999999999999999900000", ""),
    ("444b1ae4d6e2ef50", "1e+21", ""),
    ("3eb0c6f7a0b5ed8c", "9.999999999999997e-7", ""),
    ("3eb0c6f7a0b5ed8d", "0.000001", ""),
    ("41b3de4355555553", "333333333.3333332", ""),
    ("41b3de4355555554", "333333333.33333325", ""),
    ("41b3de4355555555", "333333333.3333333", ""),
    ("41b3de4355555556", "333333333.3333334", ""),
    ("41b3de4355555557", "333333333.33333343", ""),
    ("becbf647612f3696", "-0.0000033333333333333333", ""),
    ("43143ff3c1cb0959", "1424953923781206.2", ""),
]
APPENDIX_B_NOT_FINITE = [("7fffffffffffffff", "NaN"), ("7ff0000000000000", "Infinity")]

# RFC 8785 §3.2.2 (input) and §3.2.3 (its canonical output), as JSON texts.
SECTION_3_2_2_INPUT = (
    '{\n'
    '  "numbers": [333333333.33333329, 1E30, 4.50,\n'
    '              2e-3, 0.000000000000000000000000001],\n'
    '  "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n'
    '  "literals": [null, true, false]\n'
    '}\n')
SECTION_3_2_2_OUTPUT = ('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
                        '"string":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}')

# RFC 8785 §3.2.3 sorting example.
SECTION_3_2_3_INPUT = (
    '{\n'
    '  "\\u20ac": "Euro Sign",\n'
    '  "\\r": "Carriage Return",\n'
    '  "\\ufb33": "Hebrew Letter Dalet With Dagesh",\n'
    '  "1": "One",\n'
    '  "\\ud83d\\ude00": "Emoji: Grinning Face",\n'
    '  "\\u0080": "Control",\n'
    '  "\\u00f6": "Latin Small Letter O With Diaeresis"\n'
    '}\n')
SECTION_3_2_3_ORDER = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001F600", "\ufb33"]

# The ledger's own I-JSON rules on top of RFC 8785 (a reader must refuse these texts).
REFUSED = [
    ('{"a": 1, "a": 2}', "duplicate member name"),
    ('{"\\u00e9": 1, "\u00e9": 2}', "duplicate member name, once escaped and once raw"),
    ('["\\ud800"]', "lone high surrogate"),
    ('["\\udc00x"]', "lone low surrogate"),
    ('[9007199254740992]', "integer beyond 2^53-1"),
    ('[-9007199254740992]', "integer beyond -(2^53-1)"),
    ('[12345678901234567890]', "integer beyond 2^53-1 (and beyond 64 bits)"),
    ('[1e20]', "an integer beyond 2^53-1 however spelled: RFC 8785 would write 100000000000000000000"),
    ('[9007199254740992.0]', "2^53 written with a fraction"),
    ('[-9007199254740992e0]', "-(2^53) written with an exponent"),
    ('[123456789012345680000.0]', "RFC 8785 would write 123456789012345680000"),
    ('[1e400]', "number overflows a double"),
    ('[NaN]', "NaN is not JSON"),
]
ACCEPTED = [
    ('{"e\\u0301": 2, "\\u00e9": 1}', '{"e\u0301":2,"\u00e9":1}',
     "canonically equivalent names are two members, sorted by code units"),
    ('[9007199254740991, -9007199254740991, 9007199254740991.0, 4.5e15, 1e21]',
     '[9007199254740991,-9007199254740991,9007199254740991,4500000000000000,1e+21]',
     "the largest safe integers, however spelled; 1e21 and beyond are written with an exponent"),
    ('{"b": [{"z": 1, "a": 2}], "a": {"d": true, "c": null}, "\\u00e9": "\\u0007\\u001f\\u007f"}',
     '{"a":{"c":null,"d":true},"b":[{"a":2,"z":1}],"\u00e9":"\\u0007\\u001f\u007f"}',
     "nested objects sorted at every level; C0 controls escaped in lowercase hex; DEL raw"),
]


def build_jcs():
    numbers = []
    for bits, expected, note in APPENDIX_B:
        value = struct.unpack(">d", bytes.fromhex(bits))[0]
        got = es_number(value)
        assert got == expected, (bits, got, expected)
        numbers.append({"bits": bits, "expected": expected})
    for bits, _ in APPENDIX_B_NOT_FINITE:
        value = struct.unpack(">d", bytes.fromhex(bits))[0]
        try:
            es_number(value)
            raise AssertionError(bits)
        except RefusedJSON:
            pass
    assert jcs(parse_json(SECTION_3_2_2_INPUT)) == SECTION_3_2_2_OUTPUT
    sorted_text = jcs(parse_json(SECTION_3_2_3_INPUT))
    assert [n for n, _ in sorted(parse_json(SECTION_3_2_3_INPUT), key=lambda m: _utf16_key(m[0]))] \
        == SECTION_3_2_3_ORDER
    for text, why in REFUSED:
        try:
            parse_json(text)
            raise AssertionError(f"accepted {text!r} ({why})")
        except (RefusedJSON, ValueError):
            pass
    for text, expected, why in ACCEPTED:
        assert jcs(parse_json(text)) == expected, (text, jcs(parse_json(text)), why)
    return {
        "description": "RFC 8785's own examples (Appendix B numbers, §3.2.2 input and output, §3.2.3 "
                       "sorting), then the ledger's I-JSON refusals and a few accepted edge cases",
        "numbers": numbers,
        "nonFinite": [{"bits": bits, "name": name} for bits, name in APPENDIX_B_NOT_FINITE],
        "examples": [
            {"description": "RFC 8785 §3.2.2 input, §3.2.3 output", "input": SECTION_3_2_2_INPUT,
             "output": SECTION_3_2_2_OUTPUT},
            {"description": "RFC 8785 §3.2.3 sorting by UTF-16 code units", "input": SECTION_3_2_3_INPUT,
             "output": sorted_text},
        ] + [{"description": why, "input": text, "output": expected} for text, expected, why in ACCEPTED],
        "refused": [{"description": why, "input": text} for text, why in REFUSED],
    }


def render_jcs(vectors) -> str:
    lines = ["{"]
    lines.append('  "description": %s,' % dump(vectors["description"]))
    lines.append('  "numbers": [')
    lines.append(",\n".join("    " + dump(n) for n in vectors["numbers"]))
    lines.append("  ],")
    lines.append('  "nonFinite": [')
    lines.append(",\n".join("    " + dump(n) for n in vectors["nonFinite"]))
    lines.append("  ],")
    lines.append('  "examples": [')
    lines.append(",\n".join("    " + dump(n) for n in vectors["examples"]))
    lines.append("  ],")
    lines.append('  "refused": [')
    lines.append(",\n".join("    " + dump(n) for n in vectors["refused"]))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------

def render_pretty(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def main(argv):
    if sys.float_repr_style != "short":
        sys.exit("this Python does not print floats in their shortest form; cannot generate")
    entries = build_events()
    trees, leaves = build_trees(entries)
    files = {
        "events.json": render_events(entries),
        "trees.json": render_trees(trees),
        "checkpoint.json": render_pretty(build_checkpoint(leaves)),
        "jcs.json": render_jcs(build_jcs()),
    }
    for name, text in files.items():
        json.loads(text)  # every file is one well-formed JSON text
    if "--check" in argv:
        stale = [n for n, t in files.items() if not (HERE / n).exists() or (HERE / n).read_bytes() != t.encode()]
        if stale:
            sys.exit("out of date: " + ", ".join(stale))
        print("vectors are up to date")
        return
    for name, text in files.items():
        (HERE / name).write_bytes(text.encode("utf-8"))
        print("wrote", HERE / name)


if __name__ == "__main__":
    main(sys.argv[1:])
