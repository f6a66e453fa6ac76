"""The order's life after each date, acted out over simulated days (issue 11).

Each passed date leads to what the marketplace does next and what the buyer can still
do; `due` keeps it listed until the order reaches an end, `remind` reports it once.
"""

from __future__ import annotations

import json


def due(orders, today: str, *extra: str) -> list[tuple]:
    data = json.loads(orders("due", "--json", *extra, today=today).stdout)
    return [(i["order_no"], i["kind"], i["date"], i["level"], i["action"]) for i in data["items"]]


def kinds(orders, today: str, order_no: str, *extra: str) -> list[tuple]:
    return [(k, d, lv) for n, k, d, lv, _a in due(orders, today, *extra) if n == order_no]


def reminded(orders, today: str) -> list[str]:
    return orders("remind", today=today).stdout.splitlines()


def test_seller_does_not_ship_then_a_refund_is_due(orders):
    assert orders("add", "2001", "--paid", "2026-11-01", today="2026-11-01").code == 0
    # ship by 8 Nov; not shipped: AliExpress closes the order and refunds by 16 Nov
    listed = due(orders, "2026-11-09")
    assert [(n, k, d, lv) for n, k, d, lv, _a in listed] == [
        ("2001", "ship_by", "2026-11-08", "overdue"),
        ("2001", "refund_due", "2026-11-16", "soon"),
    ]
    assert "did not ship in time" in listed[0][4] and "refunded by itself" in listed[0][4]
    assert "write to support" in listed[1][4]
    shown = json.loads(orders("show", "2001", "--json", today="2026-11-09").stdout)
    refund = [d for d in shown["deadlines"] if d["kind"] == "refund_due"][0]
    assert refund["estimated"] and "shipping deadline" in refund["explanation"]
    # remind reports the follow-up once
    first = reminded(orders, "2026-11-09")
    assert any("refund due" in line for line in first) and any("ship by" in line for line in first)
    assert reminded(orders, "2026-11-09") == []


def test_a_refund_that_does_not_come_stays_listed_until_refunded(orders):
    orders("add", "2002", "--paid", "2026-11-01", today="2026-11-01")
    for day in ("2026-11-17", "2027-03-01"):
        listed = due(orders, day)
        assert [(n, k, lv) for n, k, _d, lv, _a in listed] == [("2002", "refund_due", "overdue")], day
        assert "write to support and ask your bank" in listed[0][4]
    assert any("refund due" in line for line in reminded(orders, "2026-11-17"))
    assert reminded(orders, "2026-11-18") == []  # told once
    orders("refunded", "2002", "--on", "2026-11-20", today="2027-03-01")
    assert due(orders, "2027-03-01") == []


def test_a_cancelled_order_without_its_refund_is_not_forgotten(orders):
    orders("add", "2003", "--paid", "2026-11-01", today="2026-11-02")
    orders("cancel", "2003", "--on", "2026-11-02", today="2026-11-02")
    assert kinds(orders, "2026-12-20", "2003") == [("refund_due", "2026-11-10", "overdue")]


def test_a_dispute_the_seller_ignores(orders):
    orders("add", "2004", "--shipped", "2026-10-01", today="2026-11-20")
    orders("dispute", "2004", "--on", "2026-11-20", today="2026-11-20")
    listed = due(orders, "2026-12-15")
    assert [(k, d, lv) for _n, k, d, lv, _a in listed] == [("seller_reply_due", "2026-11-25", "overdue")]
    assert listed[0][4] == (
        "the seller did not answer: the refund should be approved automatically; if not, escalate to the marketplace"
    )
    orders("resolve", "2004", "--outcome", "refunded", "--on", "2026-12-15", today="2026-12-15")
    assert [k for _n, k, *_rest in due(orders, "2026-12-15")] == []  # refund due 23 Dec: in 8 days


def test_the_last_chance_is_listed_beside_the_passed_dates(orders):
    orders("add", "2005", "--shipped", "2026-09-20", today="2026-11-26")  # protection ended 19 Nov
    listed = due(orders, "2026-11-26")
    assert [(k, lv) for _n, k, _d, lv, _a in listed] == [
        ("last_safe_dispute_day", "overdue"),
        ("protection_end", "overdue"),
        ("grace_cutoff", "later"),  # 8 days away, outside the 7-day window, shown anyway
    ]
    assert not any("extend" in action for *_rest, action in listed)


def test_after_the_last_chance_the_order_is_closed_for_good(orders):
    orders("add", "2006", "--shipped", "2026-09-20", today="2026-11-26")  # grace cutoff 4 Dec
    assert any("grace" in line or "after closing" in line for line in reminded(orders, "2026-12-04"))
    told = reminded(orders, "2026-12-05")
    assert len(told) == 1 and "the order is closed for good" in told[0] and "complain to support" in told[0]
    assert reminded(orders, "2026-12-06") == []
    assert json.loads(orders("show", "2006", "--json", today="2026-12-05").stdout)["status"] == "expired"
    assert "closed for good" in orders("list", today="2026-12-05").stdout
    assert "in transit" not in orders("show", "2006", today="2026-12-20").stdout
    assert kinds(orders, "2026-12-12", "2006") == []  # and it leaves `due`


def test_advice_fits_the_state(orders):
    orders("add", "2007", "--shipped", "2026-11-01", today="2026-11-20")
    orders("delivered", "2007", "--on", "2026-11-20", today="2026-11-20")  # protection 25 Nov, safe day 23 Nov
    listed = {k: a for _n, k, _d, _lv, a in due(orders, "2026-11-23")}
    assert listed["last_safe_dispute_day"].endswith("if all is well, confirm receipt; if not, open a dispute today")
    orders("confirm", "2007", "--on", "2026-11-23", today="2026-11-23")
    listed = {k: a for _n, k, _d, _lv, a in due(orders, "2026-12-05")}
    assert "before confirming" not in listed["grace_cutoff"] and "you confirmed receipt" in listed["grace_cutoff"]


def test_the_follow_ups_in_russian(orders):
    orders("add", "2008", "--paid", "2026-11-01", today="2026-11-01")
    out = orders("--lang", "ru", "due", today="2026-11-20").stdout
    assert "пишите в поддержку" in out and "банк" in out
    orders("add", "2009", "--shipped", "2026-09-20", today="2026-11-26")
    out = orders("--lang", "ru", "show", "2009", today="2026-12-20").stdout
    assert "закрыт окончательно" in out


def test_close_right_after_payment_keeps_the_refund(orders, db):
    orders("add", "2010", "--paid", "2026-11-20", today="2026-11-20")
    before = db.read_bytes()
    refused = orders("close", "2010", today="2026-11-21")
    assert refused.code == 5 and refused.stdout == ""
    assert "seller must ship by 2026-11-27" in refused.stderr and "refund due 2026-12-05" in refused.stderr
    assert db.read_bytes() == before  # nothing written
    assert [k for _n, k, *_rest in due(orders, "2026-12-10")] == ["refund_due"]
    russian = orders("--lang", "ru", "close", "2010", today="2026-11-21")
    assert russian.code == 5 and "деньги" in russian.stderr and "--yes" in russian.stderr


def test_close_with_an_overdue_refund_or_silent_seller_is_refused(orders):
    orders("add", "2011", "--shipped", "2026-10-01", today="2026-11-20")
    orders("dispute", "2011", "--on", "2026-11-20", today="2026-11-20")
    refused = orders("close", "2011", today="2027-01-15")
    assert refused.code == 5 and "seller must reply by 2026-11-25" in refused.stderr
    assert orders("close", "2011", "--yes", today="2027-01-15").code == 0
    assert due(orders, "2027-01-15") == []


def test_close_is_quiet_once_nothing_protects_money(orders):
    orders("add", "2012", "--shipped", "2026-07-01", today="2026-11-26")  # every date passed
    assert orders("close", "2012").code == 0
