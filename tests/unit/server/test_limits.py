"""The shared limit rules of the server's limit sets (objects, sinks, proxy)."""

from __future__ import annotations

import pytest

from server_stub.federation.policy import ProxyLimits
from server_stub.objects.config import ObjectLimits
from server_stub.sinks.config import SinkLimits


@pytest.mark.parametrize(
    ("make", "variable"),
    [
        (ObjectLimits.from_environ, "PRIVSHARE_OBJECTS_QUOTA"),
        (SinkLimits.from_environ, "PRIVSHARE_SINKS_QUOTA"),
        (lambda env: ProxyLimits.from_environ(env, allow_private=False), "PRIVSHARE_PROXY_BURST"),
    ],
)
def test_each_limit_set_reads_its_variables_and_refuses_bad_values(make, variable) -> None:  # type: ignore[no-untyped-def]
    changed = make({variable: "7"})
    assert 7 in {getattr(changed, name) for name in ("quota", "burst") if hasattr(changed, name)}
    with pytest.raises(ValueError, match=f"{variable} must be an integer"):
        make({variable: "lots"})
    with pytest.raises(ValueError, match=f"{variable} must be a positive integer"):
        make({variable: "0"})


def test_proxy_limits_keep_their_switch() -> None:
    assert ProxyLimits.from_environ({}, allow_private=True).allow_private is True


def test_the_block_limit_stays_within_the_formats_largest_chunk() -> None:
    largest = 16 * 1024 * 1024 + 4096
    assert ObjectLimits.from_environ({"PRIVSHARE_OBJECTS_MAX_BLOCK": str(largest)}).max_block
    with pytest.raises(ValueError, match="max_block must be at most 16781312 bytes"):
        ObjectLimits.from_environ({"PRIVSHARE_OBJECTS_MAX_BLOCK": str(largest + 1)})
