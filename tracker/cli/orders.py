"""Commands that change the order book: add, edit, remove, undo, and the life events."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from tracker.cli.root import settings
from tracker.cli.common import Json, On, OrderNo, examples, parse_day, show_result
from tracker.engine import DeadlineKind, EventKind, Outcome
from tracker.i18n import _

Marketplace = Annotated[
    str | None,
    typer.Option("--marketplace", "-m", help="Where you bought it [default: aliexpress, or config.toml's]."),
]
Title = Annotated[str | None, typer.Option("--title", "-t", help="What you bought.")]
Store = Annotated[str | None, typer.Option("--store", help="The seller's store.")]
Price = Annotated[str | None, typer.Option("--price", help="Price paid, e.g. 12.34.")]
Currency = Annotated[str | None, typer.Option("--currency", help="Currency code, e.g. RUB, USD.")]
Ordered = Annotated[str | None, typer.Option("--ordered", help="Day the order was placed.")]
Paid = Annotated[
    str | None,
    typer.Option("--paid", help="Day it was paid [default: --ordered, else --shipped, else today]."),
]
ProcessingDays = Annotated[
    int | None, typer.Option("--processing-days", help="Seller's processing time in days.")
]
ProtectionDays = Annotated[
    int | None, typer.Option("--protection-days", help="Buyer protection in days from shipment.")
]
ProtectionEnd = Annotated[
    str | None,
    typer.Option("--protection-end", help="Protection end date shown on the order page (wins)."),
]
ExpectedDelivery = Annotated[
    str | None, typer.Option("--expected-delivery", help="Latest estimated delivery date.")
]
Shipped = Annotated[str | None, typer.Option("--shipped", help="Day the seller shipped it.")]
Tracking = Annotated[str | None, typer.Option("--tracking", help="Tracking number.")]
Note = Annotated[str | None, typer.Option("--note", help="Anything worth remembering.")]
Payment = Annotated[
    str | None,
    typer.Option("--payment", help="Paid with paypal or card: their protection runs beside (see `orders rules`)."),
]


def add(
    ctx: typer.Context,
    order_no: OrderNo,
    marketplace: Marketplace = None,
    title: Title = None,
    store: Store = None,
    price: Price = None,
    currency: Currency = None,
    ordered: Ordered = None,
    paid: Paid = None,
    processing_days: ProcessingDays = None,
    protection_days: ProtectionDays = None,
    protection_end: ProtectionEnd = None,
    expected_delivery: ExpectedDelivery = None,
    shipped: Shipped = None,
    tracking: Tracking = None,
    note: Note = None,
    payment: Payment = None,
    as_json: Json = False,
) -> None:
    """Add an order and see its deadlines."""
    from tracker.engine import Order

    today = settings(ctx).today
    shipped_on = parse_day(ctx, shipped)
    order = Order(
        order_no=order_no,
        marketplace=(marketplace or settings(ctx).config["marketplace"]).lower(),
        title=title,
        store=store,
        price=price,
        currency=currency,
        ordered=parse_day(ctx, ordered),
        processing_days=processing_days,
        protection_days=protection_days,
        expected_delivery=parse_day(ctx, expected_delivery),
        tracking=tracking,
        note=note,
        payment=payment.lower() if payment else None,
    )
    # Not given: paid on the day it was ordered, or at the latest when it shipped.
    paid_on = parse_day(ctx, paid) or order.ordered or min(shipped_on or today, today)
    view = settings(ctx).book().add_order(
        order,
        paid=paid_on,
        shipped=shipped_on,
        protection_end=parse_day(ctx, protection_end),
    )
    show_result(ctx, view, as_json, _("Added order {order_no}.").format(order_no=view.order.order_no))


def edit(
    ctx: typer.Context,
    order_no: OrderNo,
    marketplace: Marketplace = None,
    title: Title = None,
    store: Store = None,
    price: Price = None,
    currency: Currency = None,
    ordered: Ordered = None,
    paid: Paid = None,
    processing_days: ProcessingDays = None,
    protection_days: ProtectionDays = None,
    protection_end: ProtectionEnd = None,
    expected_delivery: ExpectedDelivery = None,
    shipped: Shipped = None,
    tracking: Tracking = None,
    note: Note = None,
    payment: Payment = None,
    as_json: Json = False,
) -> None:
    """Change an order's details or correct its payment and shipping dates."""
    changes: dict[str, Any] = {
        "marketplace": marketplace.lower() if marketplace else None,
        "title": title,
        "store": store,
        "price": price,
        "currency": currency,
        "ordered": parse_day(ctx, ordered),
        "processing_days": processing_days,
        "protection_days": protection_days,
        "expected_delivery": parse_day(ctx, expected_delivery),
        "tracking": tracking,
        "note": note,
        # `--payment none` removes it; "" survives the None filter below
        "payment": ("" if payment.lower() == "none" else payment.lower()) if payment else None,
    }
    changes = {k: v for k, v in changes.items() if v is not None}
    view = settings(ctx).book().edit(
        order_no,
        changes,
        paid=parse_day(ctx, paid),
        shipped=parse_day(ctx, shipped),
        protection_end=parse_day(ctx, protection_end),
    )
    show_result(ctx, view, as_json, _("Updated order {order_no}.").format(order_no=view.order.order_no))


def remove(
    ctx: typer.Context,
    order_no: OrderNo,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete an order and its whole history."""
    import sys

    book = settings(ctx).book()
    view = book.get(order_no)
    if not yes:
        if not sys.stdin.isatty():
            from tracker.errors import OrdersError

            raise OrdersError(_("refusing to remove without --yes when there is no terminal to ask"))
        typer.confirm(_("Remove order {order_no} and its history?").format(order_no=view.order.order_no), abort=True)
    order = book.remove(order_no)
    print(_("Removed order {order_no}.").format(order_no=order.order_no))


def undo(ctx: typer.Context, order_no: OrderNo, as_json: Json = False) -> None:
    """Undo the last event recorded for an order (it stays in the timeline, marked undone)."""
    from tracker.i18n import fmt_date
    from tracker.render.words import EVENT_WORDS

    view, event = settings(ctx).book().undo(order_no)
    message = _("Undid: {event} on {date}.").format(event=EVENT_WORDS[event.kind], date=fmt_date(event.date))
    show_result(ctx, view, as_json, message)


def _record(ctx: typer.Context, order_no: str, kind: EventKind, on: str, as_json: bool, **extra: Any) -> None:
    from tracker.i18n import fmt_date
    from tracker.render.words import EVENT_ADVICE, EVENT_WORDS

    day = parse_day(ctx, on)
    view = settings(ctx).book().record(order_no, kind, day, **extra)
    show_result(ctx, view, as_json, _("Recorded: {event} on {date}.").format(event=EVENT_WORDS[kind], date=fmt_date(day)))
    if as_json:
        return
    passed = [d.date for d in view.deadlines if d.kind is DeadlineKind.GRACE_CUTOFF and d.date < day]
    if kind is EventKind.CONFIRMED and passed:
        # Confirmed after the last chance: the clock is not restarted (engine/deadlines.py).
        print(
            _(
                "The last day to open a dispute was {date}: the order is already closed for good; "
                "you can still complain to support."
            ).format(date=fmt_date(passed[0]))
        )
    elif kind in EVENT_ADVICE:
        print(EVENT_ADVICE[kind])


def ship(
    ctx: typer.Context, order_no: OrderNo, tracking: Tracking = None, on: On = "today", as_json: Json = False
) -> None:
    """Record that the seller shipped the order (buyer protection starts)."""
    _record(ctx, order_no, EventKind.SHIPPED, on, as_json, value=tracking)


def delivered(ctx: typer.Context, order_no: OrderNo, on: On = "today", as_json: Json = False) -> None:
    """Record that the carrier says delivered (protection drops to a few days)."""
    _record(ctx, order_no, EventKind.DELIVERED, on, as_json)


def confirm(ctx: typer.Context, order_no: OrderNo, on: On = "today", as_json: Json = False) -> None:
    """Record that you confirmed receipt (the 15-day grace clock starts)."""
    _record(ctx, order_no, EventKind.CONFIRMED, on, as_json)


def extend(
    ctx: typer.Context,
    order_no: OrderNo,
    days: Annotated[int, typer.Argument(help="How many days protection was extended by.")],
    on: On = "today",
    as_json: Json = False,
) -> None:
    """Record that buyer protection was extended."""
    _record(ctx, order_no, EventKind.EXTENDED, on, as_json, days=days)


def dispute(
    ctx: typer.Context,
    order_no: OrderNo,
    reason: Annotated[str | None, typer.Option("--reason", help="Why you opened it.")] = None,
    on: On = "today",
    as_json: Json = False,
) -> None:
    """Record that you opened a dispute."""
    from tracker.services import check_text

    _record(ctx, order_no, EventKind.DISPUTE_OPENED, on, as_json, value=check_text(reason, _("reason")))


def resolve(
    ctx: typer.Context,
    order_no: OrderNo,
    outcome: Annotated[Outcome, typer.Option("--outcome", help="How the dispute ended.")],
    on: On = "today",
    as_json: Json = False,
) -> None:
    """Record how a dispute ended."""
    _record(ctx, order_no, EventKind.DISPUTE_RESOLVED, on, as_json, value=outcome.value)


def appeal(ctx: typer.Context, order_no: OrderNo, on: On = "today", as_json: Json = False) -> None:
    """Record that you appealed a dispute decision (while the appeal window runs)."""
    _record(ctx, order_no, EventKind.APPEALED, on, as_json)


def cancel(ctx: typer.Context, order_no: OrderNo, on: On = "today", as_json: Json = False) -> None:
    """Record that the order was cancelled before shipping (a refund is expected)."""
    _record(ctx, order_no, EventKind.CANCELLED, on, as_json)


def refunded(ctx: typer.Context, order_no: OrderNo, on: On = "today", as_json: Json = False) -> None:
    """Record that the refund arrived (the order is finished)."""
    _record(ctx, order_no, EventKind.REFUNDED, on, as_json)


def track(
    ctx: typer.Context,
    order_no: OrderNo,
    note: Annotated[str, typer.Argument(help="What the tracking page says, e.g. 'arrived at customs'.")],
    on: On = "today",
    as_json: Json = False,
) -> None:
    """Record a tracking update (the tracking checks count from the latest one)."""
    from tracker.services import check_text

    _record(ctx, order_no, EventKind.TRACKING_UPDATE, on, as_json, value=check_text(note, _("tracking note")))


def close(
    ctx: typer.Context,
    order_no: OrderNo,
    on: On = "today",
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Close even though a date still protects your money.")
    ] = False,
    as_json: Json = False,
) -> None:
    """Stop tracking an order (refused while a date still protects your money)."""
    from tracker.errors import ConflictError
    from tracker.i18n import fmt_date
    from tracker.render.words import DEADLINE_WORDS
    from tracker.services import MoneyAtStake

    try:
        _record(ctx, order_no, EventKind.CLOSED, on, as_json, force=yes)
    except MoneyAtStake as e:
        lost = "; ".join(f"{DEADLINE_WORDS[d.kind]} {fmt_date(d.date)}" for d in e.deadlines)
        kinds = {d.kind for d in e.deadlines}
        # Only what would end these dates: "Order closed" on the page would change none of them.
        hints = []
        if DeadlineKind.SELLER_REPLY_DUE in kinds:
            hints.append(_("if the dispute ended, record how: orders resolve {order_no} --outcome ..."))
        if DeadlineKind.REFUND_DUE in kinds:
            hints.append(_("once the money is back: orders refunded {order_no}"))
        hints.append(_("to stop tracking anyway: orders close {order_no} --yes"))
        raise ConflictError(
            _("order {order_no}: closing would drop what still protects your money ({deadlines}); {hints}").format(
                order_no=e.order_no, deadlines=lost, hints="; ".join(h.format(order_no=e.order_no) for h in hints)
            )
        ) from None


def status(
    ctx: typer.Context,
    order_no_or_text: Annotated[
        str, typer.Argument(help="The order number, or (alone) the status to explain.", show_default=False)
    ],
    text: Annotated[
        str | None, typer.Argument(help="What the order page shows, e.g. 'Order closed'.", show_default=False)
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="The date of what the status implies (the ship date for 'In transit'): 2026-11-26, 26.11.2026, yesterday.",
        ),
    ] = None,
    marketplace: Marketplace = None,
    as_json: Json = False,
) -> None:
    """Record what the order page shows, and say what it means (alone: explain a status)."""
    from tracker.render.words import STATUS_MEANINGS

    book = settings(ctx).book()
    if text is None:
        found = book.explain_status(order_no_or_text, (marketplace or settings(ctx).config["marketplace"]).lower())
        if as_json:
            from tracker.render.jsonout import dumps

            print(dumps({"status": found.code, "meaning": STATUS_MEANINGS[found.meaning]}))
        else:
            print(f"«{found.text}»: {STATUS_MEANINGS[found.meaning]}.")
        return
    found = book.page_status(order_no_or_text, text, parse_day(ctx, on or "today"), dated=on is not None)
    message = f"«{found.text}»: {STATUS_MEANINGS[found.meaning]}."
    if found.recorded:
        from tracker.i18n import fmt_date
        from tracker.render.words import EVENT_WORDS

        done = ", ".join(EVENT_WORDS[e.kind] for e in found.recorded)
        message += "\n" + _("Recorded: {event} on {date}.").format(event=done, date=fmt_date(found.recorded[0].date))
    show_result(ctx, found.view, as_json, message)


N = "8123456789012345"
COMMANDS = {
    "add": (add, examples(
        f"orders add {N} --shipped 04.11.2026 --title 'USB hub' --price 12.34 --currency USD",
        f"orders add {N} --paid yesterday --processing-days 5",
        f"orders add {N} --shipped 2026-11-04 --protection-end 2027-01-03",
        "orders add 12-34567-89012 -m ebay --expected-delivery 2026-12-10 --payment paypal",
    )),
    "edit": (edit, examples(f"orders edit {N} --protection-days 75", f"orders edit {N} --shipped 05.11.2026")),
    "remove": (remove, examples(f"orders remove {N} --yes")),
    "undo": (undo, examples(f"orders undo {N}")),
    "ship": (ship, examples(f"orders ship {N} --tracking RB123456785CN --on 04.11.2026")),
    "delivered": (delivered, examples(f"orders delivered {N} --on yesterday")),
    "confirm": (confirm, examples(f"orders confirm {N}")),
    "extend": (extend, examples(f"orders extend {N} 15", f"orders extend {N} 10 --on 01.12.2026")),
    "dispute": (dispute, examples(f"orders dispute {N} --reason 'not received'")),
    "resolve": (resolve, examples(f"orders resolve {N} --outcome refunded")),
    "appeal": (appeal, examples(f"orders appeal {N} --on 2026-12-03")),
    "cancel": (cancel, examples(f"orders cancel {N}")),
    "refunded": (refunded, examples(f"orders refunded {N} --on 2026-12-01")),
    "track": (track, examples(f"orders track {N} 'arrived at sorting centre' --on 28.11.2026")),
    "status": (status, examples(
        f"orders status {N} 'Заказ закрыт' --on 01.12.2026",
        f"orders status {N} 'In transit'",
        "orders status 'Order closed'",
    )),
    "close": (close, examples(f"orders close {N}")),
}
