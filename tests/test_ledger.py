"""The publication ledger: keyed hashes only, linkage across releases, mask recombination, export, purge."""
from __future__ import annotations

import json
import os
from datetime import date

import pytest

from review import review_file
from review.config import Config
from review.ledger import Hasher, Ledger, load_secret, normalise
from review.errors import ConfigError

PUBLISHED = {"沪A12345": "上海市黄浦区南京东路100弄5号201室", "沪B54321": "上海市徐汇区漕溪北路200弄3号101室",
             "沪C67890": "上海市静安区常德路300弄8号502室"}
DRAFT = {"沪A12345": "张伟", "沪D24680": "王芳", "沪E13579": "李娜"}


def write_table(path, header, rows):
    path.write_text("\n".join(["\t".join(header)] + ["\t".join(r) for r in rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A data directory for the ledger (key and SQLite file), set through the environment."""
    directory = tmp_path / "data"
    monkeypatch.setenv("REVIEW_DATA_DIR", str(directory))
    monkeypatch.delenv("REVIEW_DATABASE_URL", raising=False)
    monkeypatch.delenv("REVIEW_LEDGER_URL", raising=False)
    return directory


def ledger_config(home) -> Config:
    return Config(ledger_url=f"sqlite:///{home / 'ledger.sqlite3'}", ledger_secret_file=home / "ledger.key")


def findings_of(report, entity):
    return [f for f in report.findings if f.entity_type == entity]


def test_round_trip_links_a_name_to_an_address_through_a_plate(cli, home, tmp_path):
    published = write_table(tmp_path / "published.txt", ["号牌号码", "住址"], PUBLISHED.items())
    assert cli("ledger", "add", published, "--date", "2024-03-01").code == 0
    draft = write_table(tmp_path / "draft.txt", ["号牌号码", "车主"], DRAFT.items())
    report = review_file(draft, ledger_config(home))
    (link,) = findings_of(report, "LEDGER_LINKAGE")
    assert link.location.line == 2  # the row that joins 沪A12345 to 张伟
    details = dict(link.details)
    assert details["published"] == "2024-03-01" and "住址" in details["joins"]
    assert not any(v in link.text + link.explanation + json.dumps(details, ensure_ascii=False)
                   for v in [*PUBLISHED, *PUBLISHED.values(), *DRAFT.values()])
    # The draft, once published too, is no longer news; its own plaintext never reaches the file.
    assert cli("ledger", "add", draft, "--date", "2024-04-01").code == 0
    raw = (home / "ledger.sqlite3").read_bytes()
    for value in [*PUBLISHED, *PUBLISHED.values(), *DRAFT, *DRAFT.values(), "南京东路"]:
        assert value.encode("utf-8") not in raw, value
        assert value.encode("utf-16-le") not in raw, value


def test_values_published_together_before_are_not_a_new_link(cli, home, tmp_path):
    both = write_table(tmp_path / "both.txt", ["号牌号码", "车主", "住址"],
                       [(p, DRAFT.get(p, "赵强"), a) for p, a in PUBLISHED.items()])
    cli("ledger", "add", both)
    draft = write_table(tmp_path / "draft.txt", ["号牌号码", "车主"], DRAFT.items())
    assert not findings_of(review_file(draft, ledger_config(home)), "LEDGER_LINKAGE")


@pytest.mark.parametrize("published,draft,expected", [
    ("当事人张某某，身份证号310101********12**。", "当事人张某某，身份证号3101**********1234。", 10),
    ("当事人张某某，身份证号310101********12**。", "当事人李某某，身份证号3101**********1234。", None),
    ("当事人张某某，身份证号3101**********1234。", "当事人张某某，身份证号3101**********1234。", None),
    ("当事人张某某，身份证号310101********12**。", "当事人张某某，身份证号3101**********5678。", None),
    ("联系人王某，手机138****1234。", "联系人王某，手机1381234****。", None),
])
def test_mask_recombination(cli, home, tmp_path, published, draft, expected):
    (tmp_path / "p.txt").write_text(published, encoding="utf-8")
    (tmp_path / "d.txt").write_text(draft, encoding="utf-8")
    cli("ledger", "add", tmp_path / "p.txt")
    found = findings_of(review_file(tmp_path / "d.txt", ledger_config(home)), "MASK_RECOMBINATION")
    assert [int(dict(f.details)["count"]) for f in found] == ([expected] if expected else [])
    raw = (home / "ledger.sqlite3").read_bytes()
    for text in (published, draft):  # neither the masked forms nor their visible digits are stored
        masked = text.split("号")[-1].split("手机")[-1].rstrip("。")
        assert masked.encode() not in raw and masked.replace("*", "").encode() not in raw


def test_export_stats_and_purge(cli, home, tmp_path):
    old = write_table(tmp_path / "old.txt", ["号牌号码", "住址"], list(PUBLISHED.items())[:1])
    new = write_table(tmp_path / "new.txt", ["号牌号码", "车主"], DRAFT.items())
    cli("ledger", "add", old, "--date", "2023-01-01")
    cli("ledger", "add", new, "--date", "2024-06-01")
    assert cli("ledger", "add", new, "--date", "2024-06-01").out.startswith("replaced")
    out = tmp_path / "export.json"
    assert cli("ledger", "export", "-o", out).code == 0
    exported = out.read_text(encoding="utf-8")
    assert not any(v in exported for v in [*PUBLISHED, *PUBLISHED.values(), *DRAFT.values()])
    data = json.loads(exported)
    assert [d["published"] for d in data["documents"]] == ["2023-01-01", "2024-06-01"]
    assert {"hash", "kind", "document", "published"} <= set(data["values"][0])
    stats = json.loads(cli("ledger", "stats", "--format", "json").out)
    assert stats["documents"] == 2 and stats["values"] == len(data["values"]) and stats["bytes"] > 0
    assert "documents: 2" in cli("ledger", "stats").out
    assert cli("ledger", "purge", "--before", "2024-01-01").code == 0
    assert json.loads(cli("ledger", "stats", "--format", "json").out)["documents"] == 1


def test_the_secret_is_private_and_bound_to_its_database(home, tmp_path):
    url = f"sqlite:///{home / 'ledger.sqlite3'}"
    Ledger(url, home / "ledger.key", create=True)
    assert os.stat(home / "ledger.key").st_mode & 0o777 == 0o600
    assert os.stat(home / "ledger.sqlite3").st_mode & 0o077 == 0
    other = tmp_path / "other.key"
    load_secret(other, create=True)
    with pytest.raises(ConfigError, match="different secret"):
        Ledger(url, other)
    os.chmod(other, 0o644)
    with pytest.raises(ConfigError, match="chmod 600"):
        load_secret(other, create=False)
    with pytest.raises(ConfigError, match="no ledger secret"):
        load_secret(tmp_path / "missing.key", create=False)


def test_check_cli_consults_the_ledger_given_with_a_flag(cli, home, tmp_path):
    cli("ledger", "add", write_table(tmp_path / "published.txt", ["号牌号码", "住址"], PUBLISHED.items()))
    draft = write_table(tmp_path / "draft.txt", ["号牌号码", "车主"], DRAFT.items())
    plain = cli("check", draft, "--format", "json")
    assert "LEDGER_LINKAGE" not in plain.out
    linked = cli("check", draft, "--format", "json", "--ledger", f"sqlite:///{home / 'ledger.sqlite3'}")
    assert "LEDGER_LINKAGE" in linked.out


def test_hashes_are_keyed_and_normalised():
    a, b = Hasher(b"a" * 32), Hasher(b"b" * 32)
    assert a.value("CN_MOBILE", "+86 138-1234-5678") == a.value("CN_MOBILE", "13812345678")
    assert a.value("CN_MOBILE", "13812345678") != b.value("CN_MOBILE", "13812345678")
    assert a.value("PERSON", "张伟") != a.value("ADDRESS", "张伟")
    assert normalise("VIN", "lsvaa 4182e2123456") == "LSVAA4182E2123456"


def test_add_reports_an_unreadable_file(cli, home, tmp_path):
    result = cli("ledger", "add", tmp_path / "missing.txt")
    assert result.code == 2 and "missing.txt" in result.err


def test_ledger_date_must_be_iso(cli, home, tmp_path):
    assert cli("ledger", "purge", "--before", "yesterday").code == 2


def test_published_date_defaults_to_today(cli, home, tmp_path):
    cli("ledger", "add", write_table(tmp_path / "p.txt", ["号牌号码", "住址"], PUBLISHED.items()))
    assert json.loads(cli("ledger", "stats", "--format", "json").out)["last_published"] == date.today().isoformat()


def test_company_addresses_are_not_recorded_as_links(cli, home, tmp_path):
    rows = [("上海运输有限公司", "上海市黄浦区中山南路1号", "021-63210001"),
            ("上海物流有限公司", "上海市徐汇区虹桥路2号", "021-63210002"),
            ("上海仓储有限公司", "上海市静安区常德路3号", "021-63210003")]
    cli("ledger", "add", write_table(tmp_path / "companies.txt", ["单位名称", "经营地址", "联系电话"], rows))
    assert cli("ledger", "export", "-o", tmp_path / "e.json").code == 0
    exported = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    assert len(exported["values"]) == 3 and "ADDRESS" not in {v["kind"] for v in exported["values"]}
    assert exported["links"] == []  # the office phones only: no address, so no pair


def test_check_with_a_ledger_but_no_key_is_a_usage_error(cli, home, tmp_path):
    draft = write_table(tmp_path / "draft.txt", ["号牌号码", "车主"], DRAFT.items())
    result = cli("check", draft, "--ledger", f"sqlite:///{tmp_path / 'elsewhere.sqlite3'}")
    assert result.code == 2 and "ledger secret" in result.err
    assert not (tmp_path / "elsewhere.sqlite3").exists()  # no stray database without a key
