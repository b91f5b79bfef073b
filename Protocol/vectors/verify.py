#!/usr/bin/env python3
"""Independent reference verifier for medledger ledgers: Protocol/LEDGER.md §8, executable.

It checks a ledger from two command outputs and the origins' public keys, with no medledger
code (it shares only generate.py's RFC 8785 and RFC 6962 functions, written from the RFCs):

    medledger log --format jsonl          > log.jsonl
    medledger checkpoints --format jsonl  > checkpoints.jsonl   (or --format text)
    medledger key                         # run at each origin: "SITE BASE64"

    python3 Protocol/vectors/verify.py log.jsonl checkpoints.jsonl \\
        --key "north-campus aqciIZyzyufZUUEBnuWXk7FsInokFCuXEUiwR27ubWc=" [--key ...]

Exit status 0 when every step of §8 (1-5) passes for every origin whose key was given, 1 with
the first failure named otherwise. Origins present in the log without a key are reported and
make the run fail, unless --only-keyed is given.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import (JObject, RefusedJSON, jcs_bytes, leaf_hash, merkle_tree_hash,  # noqa: E402
                      parse_json, sha256)

ENVELOPE = {"v", "site", "seq", "hlc", "type", "device", "at", "actor", "data"}
PLACEMENT = ("id", "leaf", "receivedAt")


class Failure(Exception):
    pass


def b64(text: str) -> bytes:
    raw = base64.b64decode(text, validate=True)
    if base64.b64encode(raw).decode() != text:
        raise binascii.Error("not canonical base64")
    return raw


def read_keys(lines):
    keys = {}
    for line in lines:
        site, _, key = line.strip().partition(" ")
        try:
            public = b64(key)
        except binascii.Error:
            raise Failure(f"key of {site}: not standard base64") from None
        if len(public) != 32:
            raise Failure(f"key of {site}: {len(public)} bytes, not 32")
        name = "medledger/" + site
        keys[site] = (name, public, sha256(name.encode() + b"\n\x01" + public)[:4])
    return keys


def read_events(path):
    """Step 2: every line's canonical bytes and leaf; step 3: per-origin leaf lists."""
    logs = {}
    # Lines end at U+000A only: never str.splitlines(), which also breaks at U+2028, U+0085
    # and others that RFC 8785 writes raw inside strings.
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n")[:-1], 1):
        where = f"log line {number}"
        try:
            obj = parse_json(line)
        except (RefusedJSON, ValueError) as error:
            raise Failure(f"{where}: not acceptable JSON: {error}") from None
        if not isinstance(obj, JObject):
            raise Failure(f"{where}: not an object")
        members = dict(obj)
        placement = {name: members.get(name) for name in PLACEMENT}
        event = JObject([(n, v) for n, v in obj if n not in PLACEMENT])
        names = {n for n, _ in event}
        if not names <= ENVELOPE or not (ENVELOPE - {"device"}) <= names:
            raise Failure(f"{where}: members {sorted(names)} are not those of an event")
        if members["v"] != 1:
            raise Failure(f"{where}: unknown format version {members['v']!r}")
        site, seq = members["site"], members["seq"]
        if not isinstance(seq, float) or seq != int(seq) or seq < 1:
            raise Failure(f"{where}: seq {seq!r} is not a positive integer")
        seq = int(seq)
        event_id = f"{site}:{seq}"
        if placement["id"] != event_id:
            raise Failure(f"{where}: id {placement['id']!r} is not {event_id}")
        canonical = jcs_bytes(event)
        # The same bytes, cut out of the line itself (LEDGER.md §7.1).
        prefix = '{"id":%s,"leaf":%s,"receivedAt":%s,' % tuple(
            json.dumps(placement[n], ensure_ascii=False) for n in PLACEMENT)
        if not line.startswith(prefix) or ("{" + line[len(prefix):]).encode("utf-8") != canonical:
            raise Failure(f"event {event_id}: the line does not hold the canonical bytes verbatim")
        leaf = leaf_hash(canonical)
        if placement["leaf"] != leaf.hex():
            raise Failure(f"event {event_id}: leaf {placement['leaf']} is not SHA-256(0x00 || bytes) = {leaf.hex()}")
        log = logs.setdefault(site, {})
        if seq in log:
            raise Failure(f"event {event_id}: listed twice")
        log[seq] = (leaf, members["hlc"], sha256(jcs_bytes(JObject(
            [(n, v) for n, v in event if n in ("type", "device", "at", "actor", "data")]))))
    ordered = {}
    for site, log in logs.items():
        n = len(log)
        missing = [s for s in range(1, n + 1) if s not in log]
        if missing:
            raise Failure(f"event {site}:{missing[0]}: missing (the log has {n} events up to seq {max(log)})")
        ordered[site] = [log[s] for s in range(1, n + 1)]
    return ordered


def split_text_notes(text):
    """`checkpoints --format text`: a new note starts after an empty line that follows a
    signature line."""
    notes, current, previous = [], [], ""
    for line in text.split("\n"):
        if line == "" and previous.startswith("\u2014 "):
            notes.append("\n".join(current) + "\n")
            current = []
        else:
            current.append(line)
        previous = line
    if any(current):
        notes.append("\n".join(current).rstrip("\n") + "\n")
    return notes


def read_checkpoints(path):
    text = Path(path).read_text(encoding="utf-8")
    records = []
    if text.startswith("{"):
        for number, line in enumerate(text.split("\n")[:-1], 1):
            obj = dict(parse_json(line))
            records.append((f"checkpoints line {number}", obj["note"], obj))
    else:
        for number, note in enumerate(split_text_notes(text), 1):
            records.append((f"checkpoint note {number}", note, None))
    return records


def check_note(where, note, record, keys, logs, sizes):
    """Step 4 for one checkpoint."""
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise Failure(f"{where}: a control character in the note")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n"):
        raise Failure(f"{where}: not a signed note")
    body, signatures = note[:split + 1], note[split + 2:-1].split("\n")
    lines = body.split("\n")
    if len(lines) < 4 or not lines[0].startswith("medledger/"):
        raise Failure(f"{where}: not a medledger checkpoint")
    site = lines[0][len("medledger/"):]
    if site not in keys:
        return site, None
    name, public, key_id = keys[site]
    size_text, root_text = lines[1], lines[2]
    if not size_text.isdigit() or str(int(size_text)) != size_text:
        raise Failure(f"{where}: size {size_text!r} is not a decimal without leading zeros")
    size = int(size_text)
    try:
        root = b64(root_text)
    except binascii.Error:
        raise Failure(f"{where}: root {root_text!r} is not standard base64") from None
    if record is not None and (record.get("site") != site or record.get("size") != size
                               or record.get("root") != root_text):
        raise Failure(f"{where}: site, size or root differ from the note's text")
    log = logs.get(site, [])
    if size > len(log):
        raise Failure(f"{where}: {site} size {size} covers more than the {len(log)} events listed")
    expected = merkle_tree_hash([leaf for leaf, _, _ in log[:size]])
    if root != expected:
        raise Failure(f"{where}: {site} root at size {size} is not the tree of events {site}:1..{size}")
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    verifier = Ed25519PublicKey.from_public_bytes(public)
    for line in signatures:
        if not line.startswith("\u2014 "):
            raise Failure(f"{where}: malformed signature line {line!r}")
        signer, _, blob_text = line[2:].partition(" ")
        try:
            blob = b64(blob_text)
        except binascii.Error:
            continue
        if signer != name or blob[:4] != key_id or len(blob) != 68:
            continue  # another key's signature (a cosignature): not ours to check
        try:
            verifier.verify(blob[4:], body.encode("utf-8"))
        except InvalidSignature:
            # C2SP signed-note: a signature by a known key that fails rejects the whole note.
            raise Failure(f"{where}: the signature by {name} does not verify") from None
        sizes.setdefault(site, {})
        if sizes[site].get(size, root) != root:
            raise Failure(f"{where}: {site} signed two roots for size {size}")
        sizes[site][size] = root
        return site, size
    raise Failure(f"{where}: no valid signature by {name} (key id {key_id.hex()})")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("log", help="output of 'medledger log --format jsonl'")
    parser.add_argument("checkpoints", help="output of 'medledger checkpoints' (jsonl or text)")
    parser.add_argument("--key", action="append", default=[], help='"SITE BASE64", as medledger key prints it')
    parser.add_argument("--only-keyed", action="store_true", help="skip origins without a key instead of failing")
    args = parser.parse_args(argv)
    try:
        keys = read_keys(args.key)
        logs = read_events(args.log)
        sizes = {}
        for where, note, record in read_checkpoints(args.checkpoints):
            check_note(where, note, record, keys, logs, sizes)
        for site in sorted(set(logs) | set(keys)):
            if site not in keys:
                if args.only_keyed:
                    print(f"{site}: {len(logs[site])} events, no key given: not checked")
                    continue
                raise Failure(f"site {site}: no key given to check its {len(logs[site])} events")
            log = logs.get(site, [])
            covered = max(sizes.get(site, {0: None}))
            if covered != len(log):
                raise Failure(f"event {site}:{covered + 1}: not covered by any signed checkpoint")
            clocks = [clock for _, clock, _ in log]
            if any(a >= b for a, b in zip(clocks, clocks[1:])):
                raise Failure(f"site {site}: hlc does not increase strictly with seq")
            facts = [fact for _, _, fact in log]
            if len(set(facts)) != len(facts):
                raise Failure(f"site {site}: one fact recorded twice")
            root = merkle_tree_hash([leaf for leaf, _, _ in log])
            print(f"{site}: {len(log)} events, {len(sizes.get(site, {}))} checkpoints, "
                  f"root {base64.b64encode(root).decode()}: intact")
    except Failure as failure:
        print("verify failed:", failure)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
