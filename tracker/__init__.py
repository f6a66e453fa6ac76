"""orders: a buyer's deadline tracker for marketplace buyer protection."""

__version__ = "0.1.0"
