"""Encryption at rest: a workspace file encrypted with SQLCipher, its key in the keyring and
recoverable with a passphrase.

- The database is encrypted with a random 256-bit key (SQLCipher raw key, AES-256).
- The key is kept in the operating system's keyring (Windows Credential Manager,
  macOS Keychain, the Secret Service on Linux) under an id of the workspace, so it
  opens without asking.
- The key is also kept, locked with the recovery passphrase (scrypt, then XOR with
  the derived bytes; an HMAC tells a wrong passphrase before the database is
  touched), in the key file beside the workspace (``NAME.visitready-key``). Where no
  keyring exists (a headless Linux machine) the passphrase alone opens it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .. import dialect, integrity
from ..errors import (
    AppError,
    DamagedWorkspace,
    NotAWorkspace,
    ValidationError,
    WorkspaceUnavailable,
)
from ..vocabulary import counted

#: The keyring service name the keys are kept under.
KEYRING_SERVICE = "VisitReady workspace key"
KEY_FILE_FORMAT = "VisitReady workspace key"
#: scrypt cost: 2**15 x 8 uses 32 MB and takes a fraction of a second, each guess the same.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
MIN_PASSPHRASE = 10


class PassphraseNeeded(AppError):
    """The workspace is encrypted and its key is not in this computer's keyring."""

    title = "Encrypted workspace"


class WrongPassphrase(AppError):
    title = "Wrong passphrase"


def key_file(path: Path | str) -> Path:
    """Where a workspace's key file lives: beside it, ``NAME.visitready-key``."""
    path = Path(path)
    return path.with_name(path.name + "-key")


@dataclass(frozen=True)
class KeyFile:
    """The key file's content: nothing in it opens the workspace without the passphrase."""

    id: str
    salt: str
    n: int
    r: int
    p: int
    wrapped: str
    check: str
    key_check: str
    format: str = KEY_FILE_FORMAT
    version: int = 1


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=256 * 1024 * 1024, dklen=64)


def _key_check(key: bytes) -> str:
    return hmac.new(key, b"VisitReady key check", "sha256").hexdigest()[:32]


def lock(key: bytes, passphrase: str, key_id: str | None = None) -> KeyFile:
    """The key locked with a passphrase, as written to the key file."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(f"The recovery passphrase needs at least {MIN_PASSPHRASE} "
                              "characters.", "Use a few words you will remember.")
    salt = secrets.token_bytes(16)
    derived = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    wrapped = bytes(a ^ b for a, b in zip(key, derived[:32], strict=True))
    check = hmac.new(derived[32:], wrapped, "sha256").hexdigest()
    return KeyFile(key_id or uuid.uuid4().hex, salt.hex(), SCRYPT_N, SCRYPT_R, SCRYPT_P,
                   wrapped.hex(), check, _key_check(key))


def unlock(kf: KeyFile, passphrase: str) -> bytes:
    """The key, from the key file and the passphrase.

    Raises:
        WrongPassphrase: the passphrase does not open it (nothing is touched).
    """
    derived = _derive(passphrase, bytes.fromhex(kf.salt), kf.n, kf.r, kf.p)
    wrapped = bytes.fromhex(kf.wrapped)
    expected = hmac.new(derived[32:], wrapped, "sha256").hexdigest()
    if not hmac.compare_digest(expected, kf.check):
        raise WrongPassphrase("That passphrase does not open this workspace.",
                              "Check it (capitals count) and try again. The workspace has "
                              "not been changed.")
    return bytes(a ^ b for a, b in zip(wrapped, derived[:32], strict=True))


def read_key_file(path: Path | str) -> KeyFile:
    target = key_file(path)
    try:
        data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
        if data.get("format") != KEY_FILE_FORMAT:
            raise ValueError(data.get("format"))
        return KeyFile(**data)
    except FileNotFoundError:
        raise NotAWorkspace(
            f"{Path(path).name} is encrypted, but its key file {target.name} is missing.",
            "Put the key file back beside the workspace (it travels with it).") from None
    except (OSError, ValueError, TypeError) as exc:
        raise NotAWorkspace(f"The key file {target.name} is damaged.",
                            "Restore it from your backups.") from exc


def write_key_file(path: Path | str, kf: KeyFile) -> Path:
    target = key_file(path)
    part = target.with_name(target.name + ".part")
    part.write_text(json.dumps(asdict(kf), indent=2), encoding="utf-8")
    part.replace(target)
    return target


# -- the keyring ------------------------------------------------------------------------------


def keyring_get(key_id: str) -> bytes | None:
    """The key kept in the keyring, or None where there is no keyring or no entry."""
    try:
        import keyring

        value = keyring.get_password(KEYRING_SERVICE, key_id)
    except Exception:  # noqa: BLE001 - any backend failure means "not in the keyring"
        return None
    try:
        return bytes.fromhex(value) if value else None
    except ValueError:
        return None


def keyring_set(key_id: str, key: bytes) -> bool:
    """Keep the key in the keyring; False where no keyring can take it."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, key_id, key.hex())
    except Exception:  # noqa: BLE001 - headless Linux has none: the passphrase still works
        return False
    return True


# -- files ---------------------------------------------------------------------------------


def is_encrypted(path: Path | str) -> bool:
    """True for a workspace file that is not plain SQLite and has a key file beside it."""
    path = Path(path)
    return path.is_file() and key_file(path).is_file() and not dialect.looks_like_sqlite(path)


def find_key(path: Path | str, passphrase: str | None = None) -> bytes:
    """The key of an encrypted workspace: from the passphrase when given, else the keyring.

    A key unlocked with the passphrase is put in the keyring (where there is one),
    so the next open does not ask.

    Raises:
        PassphraseNeeded: no passphrase given and the keyring does not have the key.
        WrongPassphrase: the passphrase is wrong.
    """
    kf = read_key_file(path)
    if passphrase is not None:
        key = unlock(kf, passphrase)
        keyring_set(kf.id, key)
        return key
    kept = keyring_get(kf.id)
    if kept is not None and hmac.compare_digest(_key_check(kept), kf.key_check):
        return kept
    raise PassphraseNeeded(f"{Path(path).name} is encrypted and its key is not on this "
                           "computer.", "Enter its recovery passphrase to open it.")


def check_encrypted(path: Path | str, key: bytes) -> None:
    """Look an encrypted workspace over with its (already verified) key, changing nothing.

    The key passed its check against the key file, so a file that will not read with it
    is damaged, not locked with another key: SQLCipher's page checks, then the same
    checks as a plain file.

    Raises:
        DamagedWorkspace: pages that fail their checks, or an unfinished workspace.
        NotAWorkspace: another program's database.
    """
    import sqlcipher3

    path = Path(path)
    connection = sqlcipher3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        connection.execute(f'PRAGMA key="{_raw_key(key)}"')
        failed = [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]
        if failed:
            raise DamagedWorkspace(f"{path.name} is damaged: {counted(len(failed), 'part')} of it "
                                   f"{'fails' if len(failed) == 1 else 'fail'} their checks ({failed[0][:120]}).", integrity.DAMAGED_HINT)
        integrity.check_contents(connection, path.name)
    except sqlcipher3.Error as exc:
        raise DamagedWorkspace(f"{path.name} is damaged ({exc}).",
                               integrity.DAMAGED_HINT) from exc
    finally:
        connection.close()


def read_passphrase_file(path: Path | str) -> str:
    """The passphrase in a file's first line (for the command line: never on the command)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ValidationError(f"Cannot read the passphrase file {Path(path).name}: "
                              f"{exc.strerror}.", "Check its name.") from exc
    return lines[0].strip() if lines else ""


def encrypt_workspace(path: Path | str, passphrase: str) -> Path:
    """Encrypt a plain workspace file in place: it is converted into a new file, checked,
    and swapped in only when complete (the workspace must be closed).

    Returns:
        The key file written beside it.

    Raises:
        ValidationError: the passphrase is too short, or the file is already encrypted.
    """
    import sqlcipher3

    path = Path(path)
    if is_encrypted(path):
        raise ValidationError(f"{path.name} is already encrypted.", "")
    key = secrets.token_bytes(32)
    kf = lock(key, passphrase)
    new = path.with_name(path.name + ".encrypting")
    new.unlink(missing_ok=True)
    try:
        plain = sqlcipher3.connect(str(path))
        try:
            plain.isolation_level = None
            plain.execute("PRAGMA secure_delete=ON")
            plain.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(new), _raw_key(key)))
            plain.execute("SELECT sqlcipher_export('encrypted')")
            plain.execute("DETACH DATABASE encrypted")
            counts = _row_counts(plain)
        finally:
            plain.close()
        check = sqlcipher3.connect(str(new))
        try:
            check.execute(f'PRAGMA key="{_raw_key(key)}"')
            if check.execute("PRAGMA quick_check").fetchone()[0] != "ok" \
                    or _row_counts(check) != counts:
                raise WorkspaceUnavailable("The encrypted copy did not match the workspace.",
                                           "Nothing was changed. Try again.")
        finally:
            check.close()
    except BaseException:
        new.unlink(missing_ok=True)
        raise
    written = write_key_file(path, kf)
    keyring_set(kf.id, key)
    new.replace(path)
    for leftover in (path.with_name(path.name + "-journal"),):
        with contextlib.suppress(OSError):
            os.unlink(leftover)
    return written


def _raw_key(key: bytes) -> str:
    return f"x'{key.hex()}'"


def _row_counts(connection: Any) -> dict[str, int]:
    tables = [r[0] for r in connection.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def encrypted_url(path: Path | str, key: bytes) -> str:
    """The database URL of an encrypted workspace file (SQLAlchemy's pysqlcipher dialect)."""
    from urllib.parse import quote

    # The form SQLAlchemy documents: an empty user, the key as the password, then the file.
    return f"sqlite+pysqlcipher://:{quote(_raw_key(key), safe='')}@/{path}"


def copy_encrypted(source_url: str, target: Path) -> None:
    """A consistent copy of an encrypted workspace, encrypted with the same key."""
    import sqlcipher3
    from sqlalchemy.engine import make_url

    url = make_url(source_url)
    raw = url.password or ""
    source = sqlcipher3.connect(str(url.database))
    try:
        source.execute(f'PRAGMA key="{raw}"')
        source.isolation_level = None
        source.execute("ATTACH DATABASE ? AS copy KEY ?", (str(target), raw))
        source.execute("SELECT sqlcipher_export('copy')")
        source.execute("DETACH DATABASE copy")
    finally:
        source.close()
