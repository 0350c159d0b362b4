"""The encrypted preview cache (app/services/previews/PREVIEW-CACHE.md): what goes in
comes out for the same key and file version only; the files hold no plaintext and their
names say nothing; a damaged file is a miss; the least recently used go past the cap."""

from __future__ import annotations

import secrets
from pathlib import Path

from app.services.account.helpers import remove_vault_files
from app.services.previews.cache import CACHE_FOLDER, HEADER, FileFacts, PreviewCache, Thumbnail
from app.vault import Profile

PNG = b"\x89PNG\r\n\x1a\n" + b"IHDR picture bytes " * 20
FACTS = FileFacts("/Photos/holiday.png", 3, 123_456, 1_700_000_000_000)


def _cache(folder: Path, key: bytes | None = None, limit: int = 1 << 20) -> PreviewCache:
    return PreviewCache(folder, key or b"k" * 32, limit)


def test_a_thumbnail_comes_back_only_for_the_same_version_and_edge(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "previews")
    cache.save(FACTS, 256, Thumbnail(PNG, 200, 150))
    assert cache.load(FACTS, 256) == Thumbnail(PNG, 200, 150)
    assert cache.load(FACTS, 96) is None
    for other in (
        FileFacts(FACTS.path, 4, FACTS.size, FACTS.modified),
        FileFacts(FACTS.path, FACTS.version, FACTS.size + 1, FACTS.modified),
        FileFacts(FACTS.path, FACTS.version, FACTS.size, FACTS.modified + 1),
        FileFacts("/Photos/other.png", FACTS.version, FACTS.size, FACTS.modified),
    ):
        assert cache.load(other, 256) is None


def test_no_preview_is_remembered_with_its_reason(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "previews")
    cache.save(FACTS, 96, Thumbnail(b"", reason="The image is damaged"))
    found = cache.load(FACTS, 96)
    assert found is not None and not found.shown and found.reason == "The image is damaged"


def test_the_files_hold_ciphertext_under_names_that_say_nothing(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "previews")
    cache.save(FACTS, 256, Thumbnail(PNG, 200, 150))
    (stored,) = list((tmp_path / "previews").iterdir())
    data = stored.read_bytes()
    assert data.startswith(HEADER)
    assert b"PNG" not in data and b"IHDR" not in data and b"holiday" not in data
    assert "holiday" not in stored.name and len(stored.stem) == 64


def test_another_key_or_any_flipped_byte_is_a_miss(tmp_path: Path) -> None:
    folder = tmp_path / "previews"
    _cache(folder).save(FACTS, 256, Thumbnail(PNG, 200, 150))
    assert _cache(folder, b"x" * 32).load(FACTS, 256) is None
    (stored,) = list(folder.iterdir())
    data = stored.read_bytes()
    for position in (0, len(HEADER), len(HEADER) + 12, len(data) - 1):
        damaged = bytearray(data)
        damaged[position] ^= 1
        stored.write_bytes(bytes(damaged))
        assert _cache(folder).load(FACTS, 256) is None
    stored.write_bytes(data[: len(data) // 2])
    assert _cache(folder).load(FACTS, 256) is None
    stored.write_bytes(data)
    assert _cache(folder).load(FACTS, 256) is not None


def test_a_file_moved_onto_another_entry_does_not_open(tmp_path: Path) -> None:
    folder = tmp_path / "previews"
    cache = _cache(folder)
    other = FileFacts("/Photos/other.png", 1, 10, 1)
    cache.save(FACTS, 256, Thumbnail(PNG, 200, 150))
    (first,) = list(folder.iterdir())
    cache.save(other, 256, Thumbnail(PNG + b"2", 20, 15))
    (second,) = [path for path in folder.iterdir() if path != first]
    second.write_bytes(first.read_bytes())  # the entry id is bound as associated data
    assert cache.load(other, 256) is None


def test_the_least_recently_used_go_first_past_the_limit(tmp_path: Path) -> None:
    picture = secrets.token_bytes(1000)
    cache = _cache(tmp_path / "previews", limit=3500)  # room for three
    facts = [FileFacts(f"/p{n}.png", 1, 1000, n) for n in range(4)]
    for entry in facts[:3]:
        cache.save(entry, 96, Thumbnail(picture, 10, 10))
    assert cache.load(facts[0], 96) is not None  # used: now the newest
    cache.save(facts[3], 96, Thumbnail(picture, 10, 10))
    assert cache.load(facts[1], 96) is None  # the least recently used went
    assert all(cache.load(entry, 96) is not None for entry in (facts[0], facts[2], facts[3]))
    assert cache.size() <= 3500


def test_wipe_removes_every_thumbnail(tmp_path: Path) -> None:
    cache = _cache(tmp_path / "previews")
    cache.save(FACTS, 256, Thumbnail(PNG, 200, 150))
    cache.wipe()
    assert not (tmp_path / "previews").exists()
    assert cache.load(FACTS, 256) is None


def test_the_cache_goes_with_the_accounts_vault_files(tmp_path: Path) -> None:
    profile = Profile(tmp_path / "profile")
    profile.ensure()
    profile.vault_path.write_bytes(b"vault")
    cache = _cache(profile.root / CACHE_FOLDER)
    cache.save(FACTS, 256, Thumbnail(PNG, 200, 150))
    remove_vault_files(profile)
    assert not profile.has_vault() and not (profile.root / CACHE_FOLDER).exists()
