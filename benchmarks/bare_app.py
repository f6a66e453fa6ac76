"""The baseline: a bare Typer app with two commands, one running a single sqlite3 query."""

import sqlite3
import sys

import typer

app = typer.Typer()


@app.command()
def hello() -> None:
    print("hello")


@app.command()
def query(db: str, today: str = "2026-11-26", horizon: str = "2026-12-03") -> None:
    con = sqlite3.connect(db)
    for row in con.execute("SELECT order_id, kind, date FROM deadlines WHERE date BETWEEN ? AND ?", (today, horizon)):
        sys.stdout.write(f"{row}\n")


if __name__ == "__main__":
    app()
