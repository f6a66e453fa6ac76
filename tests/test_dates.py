from datetime import UTC, date, datetime

import pytest

from tracker.dates import file_day, file_moment, parse_date
from tracker.errors import OrdersError

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-26", date(2026, 11, 26)),
        ("26.11.2026", date(2026, 11, 26)),
        ("4.11.2026", date(2026, 11, 4)),
        ("26/11/2026", date(2026, 11, 26)),
        ("26.11.26", date(2026, 11, 26)),
        ("04.11", date(2026, 11, 4)),
        ("today", TODAY),
        ("Yesterday", date(2026, 11, 25)),
        ("tomorrow", date(2026, 11, 27)),
        ("+3d", date(2026, 11, 29)),
        ("-2d", date(2026, 11, 24)),
        ("3 days ago", date(2026, 11, 23)),
        ("2028-02-29", date(2028, 2, 29)),
        ("26 ноября 2026", date(2026, 11, 26)),
        ("26 ноября 2026 г.", date(2026, 11, 26)),
        ("5 дек", date(2026, 12, 5)),
        ("5 декабря", date(2026, 12, 5)),
        ("1 мая 2027", date(2027, 5, 1)),
        ("4 Nov 2026", date(2026, 11, 4)),
        ("Nov 4, 2026", date(2026, 11, 4)),
        ("4 November", date(2026, 11, 4)),
        ("сегодня", TODAY),
        ("Вчера", date(2026, 11, 25)),
        ("завтра", date(2026, 11, 27)),
        ("+3д", date(2026, 11, 29)),
        ("-2 дня", date(2026, 11, 24)),
        ("3 дня назад", date(2026, 11, 23)),
    ],
)
def test_dates_people_type(text, expected):
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "8123456789012345",
        "8123456789012345 ноября",
        "26 ноября 8123456789012345",
        "2026-13-01",
        "31.02.2026",
        "2027-02-29",
        "next week",
        "",
        "26-11-2026",
        "2026",
        "32 ноября",
        "5 xyz",
        "5 де",
    ],
)
def test_bad_dates_are_refused_with_the_text_in_the_message(text):
    with pytest.raises(OrdersError, match="cannot read date"):
        parse_date(text, TODAY)


@pytest.mark.parametrize("text", ["٢٠٢٦-١١-٠١", "２０２６-１１-０１", "2026-11-٠١", "٢٦.١١.٢٠٢٦", "+٣d", "٣ days ago", "٣ ноября"])
def test_only_ascii_digits_are_read_as_a_date(text):
    """One rule for typed dates and imported files: 0-9 only, never another script's digits."""
    with pytest.raises(OrdersError, match="cannot read date .*: write its digits as 0-9"):
        parse_date(text, TODAY)


def test_files_hold_exported_days_and_moments_in_range():
    assert file_day("2026-11-01") == date(2026, 11, 1)
    assert file_moment("2026-11-01T10:00:00+03:00") == datetime(2026, 11, 1, 7, tzinfo=UTC)
    assert file_moment("2026-11-01T10:00:00") == datetime(2026, 11, 1, 10, tzinfo=UTC)  # UTC, as exported
    for text in ("٢٠٢٦-١١-٠١", "２０２６-１１-０１", "2026-11-1", "20261101", "2026-02-30", "someday"):
        assert file_day(text) is None, text
    for text in ("٢٠٢٦-١١-٠١T10:00:00", "2026-11-01T10:٠٠:00", "20261101T1000", "now"):
        assert file_moment(text) is None, text
    for text in ("9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "3000-01-01T00:00:00", "1969-12-31T23:00:00Z",
                 "2999-12-31T23:59:59-23:59", "1970-01-01T00:00:00+23:59"):  # in range as written, not in UTC
        with pytest.raises(OrdersError, match="out of range: use a day from 1970-01-01 to 2999-12-31"):
            file_moment(text)
    with pytest.raises(OrdersError, match="out of range"):
        file_day("0001-01-01")
@pytest.mark.parametrize(
    "text",
    [
        "осталось 12 дней",
        "Осталось 12 дней",
        "через 12 дней",
        "12 дней",
        "12 дн.",
        "12 days left",
        "in 12 days",
        "12d",
        "12 д 05:33:10",
        "Осталось: 12 д 05:33:10",
    ],
)
def test_countdowns_as_the_order_page_shows_them(text):
    assert parse_date(text, TODAY) == date(2026, 12, 8)


@pytest.mark.parametrize("text", ["осталось 12", "12 дней назад осталось", "через 12 xyz", "12 д 99"])
def test_countdowns_need_their_unit(text):
    with pytest.raises(OrdersError, match="cannot read date"):
        parse_date(text, TODAY)


@pytest.mark.parametrize("price", ["١٢", "１２", "1٢.50"])
def test_prices_take_ascii_digits_only_as_dates_do(price):
    from tracker.services import check_price

    with pytest.raises(OrdersError, match="invalid price"):
        check_price(price)


def test_a_long_bad_price_is_cut_in_the_message():
    from tracker.services import check_price

    with pytest.raises(OrdersError) as refused:
        check_price("x" * 5000)
    assert len(str(refused.value)) < 200


@pytest.mark.parametrize("stages", ["٣,١", "３"])
def test_reminder_stages_take_ascii_digits_only(stages):
    from tracker.agenda import parse_stages

    with pytest.raises(OrdersError, match="invalid --stages"):
        parse_stages(stages)
