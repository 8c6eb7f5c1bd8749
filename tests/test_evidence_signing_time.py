"""Issue 10 section 4: a signature is judged at a time the signer does not choose.

Each test re-signs a real bundle with a crafted CMS signature (``evidence_fixtures.cms``)
whose claimed signing time, certificate validity or certificate kind is hostile."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from evidence_fixtures.cms import issue, reseal_at
from evidence_fixtures.helpers import pki, seal, trust

from conftest import en
from spbe_risk.cli import main
from spbe_risk.evidence.verify import verify_bundle

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DAY = dt.timedelta(days=1)


def verify(path: Path, *extra: str):
    return CliRunner().invoke(main, ["evidence", "verify", str(path), "--trust",
                                     str(pki().ca_pem), *extra])


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seal(tmp_path_factory.mktemp("sigtime"), {"a.txt": b"alpha\n"})


def test_crafted_signature_at_now_is_valid(bundle, tmp_path):
    signer = issue(not_before=NOW - 30 * DAY, not_after=NOW + 300 * DAY)
    out = reseal_at(bundle, tmp_path / "b.zip", signer, NOW - dt.timedelta(minutes=1))
    r = verify(out)
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("ahead,not_before", [(300, -30), (500, 400)])
def test_signing_time_in_the_future_is_invalid(bundle, tmp_path, ahead, not_before):
    signer = issue(not_before=NOW + not_before * DAY, not_after=NOW + 900 * DAY)
    out = reseal_at(bundle, tmp_path / "b.zip", signer, NOW + ahead * DAY)
    r = verify(out)
    assert r.exit_code == 1, r.output
    assert "in the future" in r.output


def test_expired_now_signer_is_shown_and_judged_by_policy(bundle, tmp_path):
    signer = issue(not_before=NOW - 700 * DAY, not_after=NOW - 300 * DAY)
    when = NOW - 400 * DAY
    out = reseal_at(bundle, tmp_path / "b.zip", signer, when)
    r = verify(out)                                      # default: --at signing-time
    assert r.exit_code == 0, r.output
    assert "expired" in r.output and "not valid now" in r.output
    doc = json.loads(verify(out, "--format", "json").output)
    assert doc["signer"]["valid_now"] is False and doc["policy"]["at"] == "signing-time"
    r = verify(out, "--at", "now")
    assert r.exit_code == 1, r.output
    assert "not valid now" in r.output


def test_ca_certificate_as_signer_is_invalid(bundle, tmp_path):
    signer = issue(not_before=NOW - 30 * DAY, not_after=NOW + 300 * DAY, ca=True,
                   key_cert_sign=True, name="Sub CA")
    out = reseal_at(bundle, tmp_path / "b.zip", signer, NOW - dt.timedelta(minutes=1))
    result = verify_bundle(out, trust())
    assert not result.ok
    assert result.failure.step == "signature"
    assert "end-entity" in en(result.failure.reason)


def test_key_cert_sign_alone_makes_a_ca(bundle, tmp_path):
    signer = issue(not_before=NOW - 30 * DAY, not_after=NOW + 300 * DAY, key_cert_sign=True)
    out = reseal_at(bundle, tmp_path / "b.zip", signer, NOW - dt.timedelta(minutes=1))
    result = verify_bundle(out, trust())
    assert not result.ok and "end-entity" in en(result.failure.reason)


@pytest.mark.parametrize("bagging", [dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
                                     dt.datetime(1900, 1, 1, tzinfo=dt.UTC),
                                     NOW + DAY, NOW - 90 * DAY])
def test_bagging_date_is_bounded_by_the_signing_time(bundle, tmp_path, bagging):
    signer = issue(not_before=NOW - 30 * DAY, not_after=NOW + 300 * DAY)
    out = reseal_at(bundle, tmp_path / "b.zip", signer, NOW - dt.timedelta(minutes=1),
                    bagging=bagging)
    result = verify_bundle(out, trust())
    assert not result.ok
    assert "Bagging" in en(result.failure.reason)
