"""Drop inbox addresses and the sealed sink data (services/sharing/drops.py)."""

from __future__ import annotations

import pytest

from app.crypto.base58 import address
from app.crypto.ecc import PrivateKey
from app.services.errors import InvalidInputError
from app.services.sharing.drops import (
    DropInbox,
    drop_address,
    is_drop_address,
    open_drop_data,
    parse_drop_address,
    seal_drop_data,
)


def test_a_drop_address_round_trips_and_names_its_sink() -> None:
    key = PrivateKey.generate().public_key
    text = drop_address(key, "files.example:8443")
    parsed = parse_drop_address(text)
    assert is_drop_address(text) and not is_drop_address("bob#files.example")
    assert parsed.public_key == key and parsed.host == "files.example:8443"
    assert parsed.sink_id == address(key.to_bytes()) and str(parsed) == text


@pytest.mark.parametrize(
    "text", ["drop:", "drop:abc#host", "drop:#host", "bob#host", "drop:{}", "drop:{}#bad host"]
)
def test_a_damaged_drop_address_is_refused_in_one_line(text: str) -> None:
    whole = drop_address(PrivateKey.generate().public_key, "h").partition("#")[0][5:]
    with pytest.raises(InvalidInputError, match="drop"):
        parse_drop_address(text.format(whole[:-1] + ("1" if whole[-1] != "1" else "2")))


def test_the_sealed_data_opens_only_for_its_own_sink_and_unchanged() -> None:
    private, other = PrivateKey.generate(), PrivateKey.generate()
    data = seal_drop_data(private, "scans", 100.0, 200.0, 5000)
    assert open_drop_data(private, data) == ("scans", 100.0, 200.0, 5000)
    flipped = data[:-1] + bytes([data[-1] ^ 1])
    for bad_key, bad_data in ((other, data), (private, flipped), (private, b"\x01" + data[1:20])):
        with pytest.raises(ValueError):
            open_drop_data(bad_key, bad_data)


def test_expiry_and_limit_refuse_late_and_large_deliveries() -> None:
    drop = DropInbox(1, "sink", "drop:k#h", "x", 0.0, expires=100.0, max_bytes=10)
    assert drop.refusal(99.0, 10) == ""
    assert "expired" in drop.refusal(100.0, 1)
    assert "limit of 10" in drop.refusal(50.0, 11)
    assert drop.expired(100.0) and not drop.expired(99.9)
