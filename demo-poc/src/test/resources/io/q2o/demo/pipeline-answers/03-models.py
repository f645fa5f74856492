"""Payment events received from Stripe webhooks."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict

from pydantic import BaseModel, Field, field_validator


class PaymentEvent(BaseModel):
    """A Stripe payment event as the webhook service stores it."""

    id: str = Field(min_length=1, description="Stripe event id, e.g. evt_123")
    type: str = Field(min_length=1, description="Stripe event type, e.g. payment_intent.succeeded")
    payment_intent_id: str = Field(min_length=1, description="The PaymentIntent the event is about")
    amount: int = Field(description="Amount in the currency's smallest unit")
    currency: str = Field(min_length=3, max_length=3, description="ISO currency code")
    received_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))

    @field_validator("amount")
    @classmethod
    def amount_not_negative(cls, value: int) -> int:
        """Reject negative amounts."""
        if value < 0:
            raise ValueError("amount must not be negative")
        return value

    @field_validator("currency")
    @classmethod
    def currency_lower_case(cls, value: str) -> str:
        """Keep currency codes in lower case, as Stripe sends them."""
        return value.lower()

    @classmethod
    def from_stripe(cls, event: Dict[str, Any]) -> PaymentEvent:
        """Build a PaymentEvent from a Stripe payment_intent.* event object."""
        intent = event["data"]["object"]
        return cls(
            id=event["id"],
            type=event["type"],
            payment_intent_id=intent["id"],
            amount=int(intent["amount"]),
            currency=intent["currency"],
        )
