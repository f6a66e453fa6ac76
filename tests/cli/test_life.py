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


def test_appeal_while_the_window_runs_and_resolve_ends_it(orders):
    orders("add", "3001", "--shipped", "2026-10-01", today="2026-11-20")
    orders("dispute", "3001", "--on", "2026-11-20", today="2026-11-20")
    orders("resolve", "3001", "--outcome", "rejected", "--on", "2026-11-24", today="2026-11-24")  # appeal by 1 Dec
    late = orders("appeal", "3001", "--on", "2026-12-02", today="2026-12-02")
    assert late.code == 5 and "2026-12-01" in late.stderr
    result = orders("appeal", "3001", "--on", "2026-11-30", today="2026-11-30")
    assert result.code == 0, result.stderr
    assert "seller must reply" not in result.stdout and "goes through" not in result.stdout
    assert "no seller reply deadline" in result.stdout
    shown = json.loads(orders("show", "3001", "--json", today="2026-11-30").stdout)
    assert shown["status"] == "appealed" and shown["deadlines"] == []
    assert orders("appeal", "3001", today="2026-11-30").code == 5  # one appeal
    orders("resolve", "3001", "--outcome", "refunded", "--on", "2026-12-05", today="2026-12-05")
    shown = json.loads(orders("show", "3001", "--json", today="2026-12-05").stdout)
    assert [d["kind"] for d in shown["deadlines"]] == ["refund_due"]
    assert orders("appeal", "3001", today="2026-12-05").code == 5


def test_appeal_needs_a_decision_that_was_not_a_full_refund(orders):
    orders("add", "3002", "--shipped", "2026-10-01", today="2026-11-20")
    assert orders("appeal", "3002", today="2026-11-20").code == 5
    orders("dispute", "3002", "--on", "2026-11-20", today="2026-11-20")
    orders("resolve", "3002", "--outcome", "refunded", "--on", "2026-11-22", today="2026-11-22")
    assert orders("appeal", "3002", today="2026-11-23").code == 5


def test_seller_marks_it_received_during_a_dispute(orders):
    # protection 2 Dec; dispute 28 Nov; the seller extends to 15 Dec, then marks it received
    orders("add", "3003", "--shipped", "2026-10-03", today="2026-11-28")
    orders("dispute", "3003", "--on", "2026-11-28", today="2026-11-28")
    extended = orders("extend", "3003", "13", "--on", "2026-11-29", today="2026-11-29")
    assert "if the dispute is withdrawn, protection ends on 2026-12-15" in extended.stdout
    result = orders("delivered", "3003", "--on", "2026-11-30", today="2026-11-30")
    assert "write in the dispute that the item was not received" in result.stdout
    assert "write to support" in result.stdout and "film the unboxing" in result.stdout
    warnings = json.loads(orders("show", "3003", "--json", today="2026-11-30").stdout)["warnings"]
    near = [w["message"] for w in warnings if w["code"] == "dispute_near_protection_end"]
    assert near == [
        "the dispute was opened near protection end (2026-12-02): do not close it or accept a partial offer "
        "you do not want; the money would go to the seller"
    ]
    assert "delivered_during_dispute" in {w["code"] for w in warnings}


def test_a_second_dispute_after_a_withdrawn_one(orders):
    orders("add", "3004", "--shipped", "2026-10-01", today="2026-11-20")
    orders("dispute", "3004", "--on", "2026-11-20", today="2026-11-20")
    orders("resolve", "3004", "--outcome", "withdrawn", "--on", "2026-11-21", today="2026-11-21")
    again = orders("dispute", "3004", "--on", "2026-11-25", today="2026-11-25")
    assert again.code == 0, again.stderr
    assert "film the unboxing" in again.stdout  # the evidence checklist when a dispute opens


def test_the_outcome_is_told_in_the_readers_words(orders):
    orders("add", "3005", "--shipped", "2026-10-01", today="2026-11-20")
    orders("dispute", "3005", "--on", "2026-11-20", today="2026-11-20")
    orders("resolve", "3005", "--outcome", "withdrawn", "--on", "2026-11-21", today="2026-11-21")
    out = orders("--lang", "ru", "show", "3005", today="2026-11-21").stdout
    assert "withdrawn" not in out and "отозван" in out


def test_a_bad_check_digit_is_flagged_at_once(orders):
    added = orders("add", "3006", "--shipped", "2026-11-20", "--tracking", "RB123456784CN", today="2026-11-20")
    assert "fails its check digit" in added.stdout
    orders("add", "3007", "--paid", "2026-11-20", today="2026-11-20")
    shipped = orders("ship", "3007", "--tracking", "RB123456784CN", today="2026-11-21")
    assert "fails its check digit" in shipped.stdout
    good = orders("add", "3008", "--shipped", "2026-11-20", "--tracking", "RB123456785CN", today="2026-11-20")
    assert "check digit" not in good.stdout


def test_the_countdown_on_the_order_page_can_be_typed(orders):
    for n, text in enumerate(("осталось 12 дней", "12 days left", "12 д 05:33:10", "in 12 days")):
        result = orders("add", f"400{n}", "--shipped", "2026-11-04", "--protection-end", text, "--json")
        assert result.code == 0, result.stderr
        dates = {d["kind"]: d["date"] for d in json.loads(result.stdout)["deadlines"]}
        assert dates["protection_end"] == "2026-12-08", text  # today (26 Nov) + 12


def test_order_closed_right_after_payment_means_a_refund(orders):
    orders("add", "5001", "--paid", "2026-11-20", today="2026-11-20")
    result = orders("status", "5001", "Заказ закрыт", "--on", "2026-11-22", today="2026-11-22")
    assert result.code == 0, result.stderr
    assert "closed before shipping" in result.stdout and "refund" in result.stdout
    shown = json.loads(orders("show", "5001", "--json", today="2026-11-22").stdout)
    assert shown["status"] == "cancelled"
    assert [(d["kind"], d["date"]) for d in shown["deadlines"]] == [("refund_due", "2026-11-30")]


def test_order_closed_in_transit_leaves_fifteen_days(orders):
    orders("add", "5002", "--shipped", "2026-11-01", today="2026-11-20")
    result = orders("status", "5002", "the page says: «ЗАКАЗ ЗАКРЫТ»", "--on", "2026-11-20", today="2026-11-20")
    assert result.code == 0, result.stderr
    assert "marked it delivered" in result.stdout and "tracking number" in result.stdout
    assert "open a dispute now" in result.stdout
    dates = {d["kind"]: d["date"] for d in json.loads(orders("show", "5002", "--json", today="2026-11-20").stdout)["deadlines"]}
    assert dates["grace_cutoff"] == "2026-12-05"  # closing + 15


def test_order_closed_after_confirmation_keeps_the_running_deadline(orders):
    orders("add", "5003", "--shipped", "2026-11-01", today="2026-11-20")
    orders("confirm", "5003", "--on", "2026-11-18", today="2026-11-20")
    before = orders("show", "5003", "--json", today="2026-11-20").stdout
    result = orders("status", "5003", "Order closed", today="2026-11-20")
    assert result.code == 0 and "stands" in result.stdout
    assert json.loads(orders("show", "5003", "--json", today="2026-11-20").stdout)["deadlines"] == json.loads(before)["deadlines"]


def test_a_status_that_implies_an_event_records_it(orders):
    orders("add", "5004", "--paid", "2026-11-10", today="2026-11-20")
    result = orders("status", "5004", "«В пути»", "--on", "2026-11-15", "--json", today="2026-11-20")
    data = json.loads(result.stdout)
    assert data["status"] == "in_transit"
    assert [(e["kind"], e["date"]) for e in data["events"]][-1] == ("shipped", "2026-11-15")
    again = orders("status", "5004", "in transit", today="2026-11-20")
    assert again.code == 0 and "Recorded" not in again.stdout  # nothing new to record
    orders("status", "5004", "Ожидает получения", today="2026-11-20")
    assert len(json.loads(orders("show", "5004", "--json", today="2026-11-20").stdout)["events"]) == 2


def test_unknown_status_words_list_the_known_ones_and_write_nothing(orders, db):
    orders("add", "5005", "--paid", "2026-11-20", today="2026-11-20")
    before = db.read_bytes()
    result = orders("status", "5005", "teleported", today="2026-11-20")
    assert result.code == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and "«заказ закрыт»" in result.stderr and "«order closed»" in result.stderr
    assert db.read_bytes() == before


def test_status_alone_explains_it_in_both_languages(orders, db):
    result = orders("status", "Order closed")
    assert result.code == 0 and "it depends on the order" in result.stdout and not db.exists()
    russian = orders("--lang", "ru", "status", "Заказ закрыт")
    assert russian.code == 0 and "зависит от заказа" in russian.stdout
    assert orders("status", "спор закрыт").stdout.startswith("«спор закрыт»: the dispute has ended")
    assert json.loads(orders("status", "Завершен", "--json").stdout)["status"] == "completed"


def test_dispute_life_in_russian(orders):
    orders("add", "6001", "--shipped", "2026-10-01", today="2026-11-20")
    opened = orders("--lang", "ru", "dispute", "6001", "--on", "2026-11-20", today="2026-11-20")
    assert "снимайте распаковку одним дублем" in opened.stdout
    out = orders("--lang", "ru", "due", today="2026-12-15").stdout
    assert "продавец не ответил: возврат должен одобриться автоматически" in out
    orders("resolve", "6001", "--outcome", "rejected", "--on", "2026-12-15", today="2026-12-15")
    appealed = orders("--lang", "ru", "appeal", "6001", today="2026-12-16")
    assert appealed.code == 0 and "идёт апелляция" in appealed.stdout and "срока ответа продавца" in appealed.stdout
    closed = orders("--lang", "ru", "status", "6001", "Спор закрыт", today="2026-12-16")
    assert closed.code == 0 and "orders resolve" in closed.stdout


def test_unknown_status_in_russian_is_one_line(orders):
    orders("add", "6002", "--paid", "2026-11-20", today="2026-11-20")
    result = orders("--lang", "ru", "status", "6002", "телепортирован", today="2026-11-20")
    assert result.code == 1 and "неизвестный статус" in result.stderr and len(result.stderr.splitlines()) == 1


def test_rules_show_the_status_words(orders):
    out = orders("rules", "show", "aliexpress").stdout
    assert "order closed / заказ закрыт" in out and "it depends on the order" in out
    data = json.loads(orders("rules", "--json").stdout)
    ali = [m for m in data["marketplaces"] if m["key"] == "aliexpress"][0]
    assert "заказ закрыт" in ali["statuses"]["order_closed"]


def _dates(orders, order_no: str, today: str) -> dict:
    shown = json.loads(orders("show", order_no, "--json", today=today).stdout)
    return {d["kind"]: d["date"] for d in shown["deadlines"]}


def test_order_closed_after_protection_end_never_moves_the_cutoff_later(orders):
    orders("add", "E1", "--shipped", "2026-09-01", today="2026-09-01")  # protection end 31.10
    assert _dates(orders, "E1", "2026-11-10")["grace_cutoff"] == "2026-11-15"
    result = orders("status", "E1", "Заказ закрыт", today="2026-11-10")
    assert result.code == 0, result.stderr
    assert "stands" in result.stdout and "Recorded" not in result.stdout
    assert _dates(orders, "E1", "2026-11-10")["grace_cutoff"] == "2026-11-15"
    again = orders("status", "E1", "Order closed", today="2026-11-12")
    assert again.code == 0 and "Recorded" not in again.stdout
    assert _dates(orders, "E1", "2026-11-12")["grace_cutoff"] == "2026-11-15"
    assert len(json.loads(orders("show", "E1", "--json", today="2026-11-12").stdout)["events"]) == 2


def test_order_closed_early_then_again_records_one_closing(orders):
    orders("add", "E2", "--shipped", "2026-11-01", today="2026-11-20")
    orders("status", "E2", "Заказ закрыт", "--on", "2026-11-20", today="2026-11-20")
    assert _dates(orders, "E2", "2026-11-20")["grace_cutoff"] == "2026-12-05"
    again = orders("status", "E2", "Заказ закрыт", today="2026-11-25")
    assert again.code == 0 and "Recorded" not in again.stdout
    assert _dates(orders, "E2", "2026-11-25")["grace_cutoff"] == "2026-12-05"


def test_a_late_confirmation_does_not_restart_the_clock(orders):
    orders("add", "G1", "--shipped", "2026-08-01", today="2026-08-01")  # protection end 30.09
    orders("add", "G2", "--shipped", "2026-08-01", today="2026-08-01")
    assert _dates(orders, "G1", "2026-10-10")["grace_cutoff"] == "2026-10-15"
    inside = orders("confirm", "G1", "--on", "2026-10-10", today="2026-10-10")
    assert inside.code == 0 and "closed for good" not in inside.stdout
    assert _dates(orders, "G1", "2026-10-10") == {"grace_cutoff": "2026-10-15"}
    late = orders("confirm", "G2", today="2026-11-01")
    assert late.code == 0, late.stderr
    assert "closed for good" in late.stdout and "support" in late.stdout
    assert _dates(orders, "G2", "2026-11-01") == {"grace_cutoff": "2026-10-15"}
    shown = json.loads(orders("show", "G2", "--json", today="2026-11-01").stdout)
    assert shown["status"] == "expired"


def test_nothing_can_be_opened_or_extended_after_the_last_chance(orders, db):
    orders("add", "H1", "--shipped", "2026-08-01", today="2026-08-01")  # cutoff 15.10
    before = orders("show", "H1", "--json", today="2026-10-20").stdout
    for args in (("dispute", "H1"), ("extend", "H1", "10")):
        result = orders(*args, today="2026-10-20")
        assert result.code == 5, result.stdout
        assert "15.10.2026" in result.stderr or "2026-10-15" in result.stderr
        assert "support" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert orders("show", "H1", "--json", today="2026-10-20").stdout == before
    ru = orders("--lang", "ru", "dispute", "H1", today="2026-10-20")
    assert ru.code == 5 and "поддержк" in ru.stderr
    # inside the window a dispute is still allowed
    assert orders("dispute", "H1", "--on", "2026-10-15", today="2026-10-20").code == 0


def test_a_rejected_appeal_leaves_the_partial_refund_owed(orders):
    orders("add", "P1", "--shipped", "2026-10-01", today="2026-11-20")
    orders("dispute", "P1", "--on", "2026-11-20", today="2026-11-20")
    orders("resolve", "P1", "--outcome", "partial", "--on", "2026-11-24", today="2026-11-24")  # refund by 2 Dec
    orders("appeal", "P1", "--on", "2026-11-26", today="2026-11-26")
    result = orders("resolve", "P1", "--outcome", "rejected", "--on", "2026-11-28", today="2026-11-28")
    assert result.code == 0, result.stderr
    assert [(d["kind"], d["date"]) for d in json.loads(
        orders("show", "P1", "--json", today="2026-11-28").stdout)["deadlines"]] == [("refund_due", "2026-12-02")]
    assert kinds(orders, "2026-12-20", "P1") == [("refund_due", "2026-12-02", "overdue")]
    refused = orders("close", "P1", today="2026-12-20")
    assert refused.code == 5 and "refund" in refused.stderr
    timeline = orders("show", "P1", today="2026-12-20").stdout
    assert "appeal decided" in timeline
    assert orders("refunded", "P1", today="2026-12-20").code == 0
    assert json.loads(orders("show", "P1", "--json", today="2026-12-20").stdout)["deadlines"] == []


def test_a_status_that_implies_an_event_needs_its_date(orders, db):
    orders("add", "S1", "--paid", "2026-11-01", today="2026-11-01")
    before = orders("show", "S1", "--json", today="2026-11-20").stdout
    for words in ("В пути", "Delivered", "Order closed"):
        result = orders("status", "S1", words, today="2026-11-20")
        assert result.code == 1, result.stdout
        assert "--on" in result.stderr and "--protection-end" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert orders("show", "S1", "--json", today="2026-11-20").stdout == before
    ru = orders("--lang", "ru", "status", "S1", "В пути", today="2026-11-20")
    assert ru.code == 1 and "--on" in ru.stderr and "дат" in ru.stderr
    dated = orders("status", "S1", "В пути", "--on", "2026-11-05", "--json", today="2026-11-20")
    assert json.loads(dated.stdout)["events"][-1]["date"] == "2026-11-05"


def test_never_shipped_after_ship_by_is_closed_with_a_refund_due(orders):
    orders("add", "N1", "--paid", "2026-11-01", today="2026-11-01")  # ship by 8 Nov
    assert json.loads(orders("show", "N1", "--json", today="2026-11-08").stdout)["status"] == "awaiting_shipment"
    before = [a for n, k, _d, _lv, a in due(orders, "2026-11-08", "--all") if k == "refund_due"][0]
    assert "if the seller has not shipped" in before
    assert json.loads(orders("show", "N1", "--json", today="2026-11-09").stdout)["status"] == "not_shipped"
    after = [a for n, k, _d, _lv, a in due(orders, "2026-11-09") if k == "refund_due"][0]
    assert "if the seller has not shipped" not in after and "did not ship in time" in after
    assert "not shipped in time" in orders("show", "N1", today="2026-11-09").stdout
    ru = orders("--lang", "ru", "show", "N1", today="2026-11-09").stdout
    assert "возврат" in ru.lower()


def test_show_tells_the_next_step_of_each_deadline(orders):
    orders("add", "W1", "--shipped", "2026-11-01", today="2026-11-20")
    shown = json.loads(orders("show", "W1", "--json", today="2026-11-20").stdout)
    listed = {i[1]: i[4] for i in due(orders, "2026-11-20", "--all") if i[0] == "W1"}
    assert {d["kind"]: d["action"] for d in shown["deadlines"]} == listed
    text = orders("show", "W1", today="2026-11-20").stdout
    assert all(action in text for action in listed.values())
    late = json.loads(orders("show", "W1", "--json", today="2027-01-05").stdout)
    protection = [d for d in late["deadlines"] if d["kind"] == "protection_end"][0]
    assert "extend" not in protection["action"]  # passed: only what is still possible


def test_order_closed_during_a_dispute_asks_for_the_outcome(orders):
    orders("add", "D1", "--shipped", "2026-10-01", today="2026-11-20")
    orders("dispute", "D1", "--on", "2026-11-20", today="2026-11-20")
    before = orders("show", "D1", "--json", today="2026-11-30").stdout
    result = orders("status", "D1", "Заказ закрыт", today="2026-11-30")
    assert result.code == 0, result.stderr
    assert "orders resolve" in result.stdout and "support" in result.stdout and "stands" not in result.stdout
    assert orders("show", "D1", "--json", today="2026-11-30").stdout == before
    refused = orders("close", "D1", today="2026-11-30")
    assert refused.code == 5 and "orders resolve D1" in refused.stderr and "--yes" in refused.stderr
    assert "orders status" not in refused.stderr
    orders("resolve", "D1", "--outcome", "refunded", "--on", "2026-11-29", today="2026-11-30")
    refund = orders("close", "D1", today="2026-11-30")
    assert refund.code == 5 and "orders refunded D1" in refund.stderr
    ru = orders("--lang", "ru", "close", "D1", today="2026-11-30")
    assert ru.code == 5 and "orders refunded D1" in ru.stderr and "деньги" in ru.stderr
