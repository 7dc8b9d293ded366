"""Signed backup manifests (issue 13): whoever holds a backup but not the audit key cannot change
it unnoticed, and a backup does not carry the key.

A manifest (``format_version`` 2) lists every file of the backup with its SHA-256 and a keyed
hash of that checksum, names the key by its fingerprint and is signed as a whole:

- fingerprint: the first 16 hex digits of HMAC-SHA256(key, ``casebook-key-fingerprint``);
- a file's ``mac``: HMAC-SHA256(key, ``casebook-backup-file`` US created_at US name US sha256)
  (US: the unit separator, 0x1f), so a file whose checksum was rewritten is named;
- ``mac``: HMAC-SHA256(key, ``casebook-backup-manifest`` US canonical JSON of every other field:
  sorted keys, no spaces, ASCII).

Backups made before this format (``format_version`` 1 without ``mac``, ``files`` or
``key_fingerprint``) carried ``audit.key`` in clear and an unsigned manifest: they are *legacy*.
A manifest with any of the new fields is held to the new rules.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

FORMAT_VERSION = 2
SIGNED_FIELDS = ("mac", "files", "key_fingerprint")
_FINGERPRINT = b"casebook-key-fingerprint"
_FILE = b"casebook-backup-file"
_MANIFEST = b"casebook-backup-manifest"
_US = b"\x1f"


def key_fingerprint(key: bytes) -> str:
    """A short public name of a key: equal keys, equal fingerprints; it reveals nothing else."""
    return hmac.new(key, _FINGERPRINT, hashlib.sha256).hexdigest()[:16]


def is_legacy(data: Mapping[str, object]) -> bool:
    """A manifest of the old, unsigned format (which carried the key in the backup)."""
    version = data.get("format_version", 1)
    return version == 1 and not any(name in data for name in SIGNED_FIELDS)


def canonical(data: Mapping[str, object]) -> bytes:
    """What the manifest's ``mac`` signs: every field but ``mac`` itself, canonically."""
    body = {k: v for k, v in data.items() if k != "mac"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def manifest_mac(key: bytes, data: Mapping[str, object]) -> str:
    return hmac.new(key, _MANIFEST + _US + canonical(data), hashlib.sha256).hexdigest()


def file_mac(key: bytes, created_at: str, name: str, sha256: str) -> str:
    message = _US.join([_FILE, *(part.encode() for part in (created_at, name, sha256))])
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def sign(data: dict[str, object], key: bytes, files: Mapping[str, str]) -> dict[str, object]:
    """``data`` with its files (name -> SHA-256), the key's fingerprint and the signature."""
    created_at = str(data["created_at"])
    signed: dict[str, object] = {
        **data, "format_version": FORMAT_VERSION,
        "files": {name: {"sha256": sha, "mac": file_mac(key, created_at, name, sha)}
                  for name, sha in sorted(files.items())},
        "key_fingerprint": key_fingerprint(key)}
    signed["mac"] = manifest_mac(key, signed)
    return signed


@dataclass(frozen=True)
class Tampered:
    """Why a signed backup is refused; ``name`` is the file concerned (or the manifest)."""

    name: str
    text: str


def check_signed(data: Mapping[str, object], key: bytes,
                 actual: Mapping[str, str | None]) -> Tampered | None:
    """None when the manifest ``data`` is signed with ``key`` and every file it lists has the
    checksum it had when the backup was made (``actual``: name -> SHA-256 now, None when the
    file is missing); else the first problem, naming the file. The caller has compared the
    fingerprints already (a manifest of another key is another question)."""
    files = data.get("files")
    created_at = str(data.get("created_at", ""))
    if not isinstance(files, dict) or not isinstance(data.get("mac"), str):
        return Tampered("manifest.json", "manifest.json in the backup claims the signed format "
                        "but carries no valid signature (it was edited after the backup was "
                        "made)")
    signed = {name: _file_signed(key, created_at, name, entry) for name, entry in files.items()}
    if not any(signed.values()) and not hmac.compare_digest(str(data["mac"]),
                                                            manifest_mac(key, data)):
        return Tampered("manifest.json", "manifest.json in the backup is not signed by this "
                        "installation's audit key (no signature in it verifies: it was edited "
                        "or made up after the backup was made)")
    for name, entry in sorted(files.items()):
        if not signed[name]:
            return Tampered(name, f"{name} in the backup was changed after the backup was made "
                            "(its checksum in manifest.json was rewritten, and the signature "
                            "of that checksum does not verify)")
        sha = entry["sha256"]
        now = actual.get(name)
        if now is None:
            return Tampered(name, f"{name} is missing from the backup")
        if not hmac.compare_digest(now, sha):
            return Tampered(name, f"{name} in the backup was changed after the backup was made "
                            "(its SHA-256 is not the one recorded in the signed manifest)")
    if not hmac.compare_digest(str(data["mac"]), manifest_mac(key, data)):
        return Tampered("manifest.json", "manifest.json in the backup was edited after the "
                        "backup was made (its signature does not verify with the audit key)")
    return None


def _file_signed(key: bytes, created_at: str, name: str, entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    sha, mac = entry.get("sha256"), entry.get("mac")
    return (isinstance(sha, str) and isinstance(mac, str)
            and hmac.compare_digest(mac, file_mac(key, created_at, name, sha)))


def listed_files(data: Mapping[str, object]) -> list[str]:
    """The file names a signed manifest lists (plain names only: never a path)."""
    files = data.get("files")
    if not isinstance(files, dict):
        return []
    return [name for name in files if isinstance(name, str) and Path(name).name == name
            and name not in ("", ".", "..")]
