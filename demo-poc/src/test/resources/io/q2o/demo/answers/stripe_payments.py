"""Stripe payments integration: customers, payment intents and refunds.

A thin, typed service over the official ``stripe`` library. Every call that creates
something takes an idempotency key so that a retried request never charges twice, and
Stripe errors are translated into one exception type that callers can handle.
"""

from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from typing import Dict, Optional

import stripe
from pydantic import BaseModel, EmailStr, Field, field_validator

logger = logging.getLogger("payments.stripe")

API_KEY_ENV = "STRIPE_API_KEY"
SUPPORTED_CURRENCIES = frozenset({"usd", "eur", "gbp", "aud", "nzd", "cad"})


class PaymentError(Exception):
    """A Stripe operation failed; ``retryable`` tells whether trying again may help."""

    def __init__(self, message: str, *, code: Optional[str] = None, retryable: bool = False) -> None:
        super().__init__(message)
        self.code = code
        self.retryable = retryable


class CustomerIn(BaseModel):
    """Input for creating a customer."""

    email: EmailStr
    name: str = Field(min_length=1, max_length=200)
    metadata: Dict[str, str] = Field(default_factory=dict)


class PaymentIn(BaseModel):
    """Input for creating a payment intent; ``amount`` is in the currency's minor unit."""

    amount: int = Field(gt=0, le=99_999_999)
    currency: str = Field(min_length=3, max_length=3)
    customer_id: Optional[str] = None
    description: Optional[str] = Field(default=None, max_length=1000)
    metadata: Dict[str, str] = Field(default_factory=dict)

    @field_validator("currency")
    @classmethod
    def currency_supported(cls, value: str) -> str:
        """Normalise the currency to lower case and reject unsupported ones."""
        code = value.lower()
        if code not in SUPPORTED_CURRENCIES:
            raise ValueError(f"unsupported currency: {value}")
        return code


@dataclass(frozen=True)
class PaymentResult:
    """What callers need to know about a payment intent."""

    intent_id: str
    status: str
    client_secret: Optional[str]
    amount: int
    currency: str


def _translate(exc: stripe.StripeError, action: str) -> PaymentError:
    """Map a Stripe error to a PaymentError, logging it with context."""
    retryable = isinstance(exc, (stripe.RateLimitError, stripe.APIConnectionError))
    logger.warning("Stripe %s failed: %s (code=%s, retryable=%s)", action, exc.user_message or exc, exc.code, retryable)
    return PaymentError(f"{action} failed: {exc.user_message or 'Stripe error'}", code=exc.code, retryable=retryable)


class StripePayments:
    """Creates customers, payment intents and refunds through Stripe."""

    def __init__(self, api_key: Optional[str] = None, *, max_network_retries: int = 2) -> None:
        """Configure the client.

        Args:
            api_key: The secret key; read from ``STRIPE_API_KEY`` when omitted.
            max_network_retries: Retries the stripe library makes on network errors.

        Raises:
            PaymentError: If no API key is configured.
        """
        key = api_key or os.environ.get(API_KEY_ENV, "")
        if not key:
            raise PaymentError(f"{API_KEY_ENV} is not set", code="configuration")
        self._client = stripe.StripeClient(key, max_network_retries=max_network_retries)

    def create_customer(self, customer: CustomerIn, *, idempotency_key: Optional[str] = None) -> str:
        """Create a customer and return its id.

        Args:
            customer: The validated customer data.
            idempotency_key: A key that makes retries safe; generated when omitted.

        Returns:
            The new customer's id.

        Raises:
            PaymentError: If Stripe rejects the request.
        """
        try:
            created = self._client.customers.create(
                params={"email": customer.email, "name": customer.name, "metadata": customer.metadata},
                options={"idempotency_key": idempotency_key or str(uuid.uuid4())},
            )
        except stripe.StripeError as exc:
            raise _translate(exc, "create customer") from exc
        logger.info("Created Stripe customer %s", created.id)
        return created.id

    def create_payment(self, payment: PaymentIn, *, idempotency_key: Optional[str] = None) -> PaymentResult:
        """Create a payment intent with automatic payment methods.

        Args:
            payment: The validated payment data.
            idempotency_key: A key that makes retries safe; generated when omitted.

        Returns:
            The intent's id, status and client secret for the front end.

        Raises:
            PaymentError: If Stripe rejects the request.
        """
        params: Dict[str, object] = {
            "amount": payment.amount,
            "currency": payment.currency,
            "automatic_payment_methods": {"enabled": True},
            "metadata": payment.metadata,
        }
        if payment.customer_id:
            params["customer"] = payment.customer_id
        if payment.description:
            params["description"] = payment.description
        try:
            intent = self._client.payment_intents.create(
                params=params, options={"idempotency_key": idempotency_key or str(uuid.uuid4())}
            )
        except stripe.StripeError as exc:
            raise _translate(exc, "create payment") from exc
        logger.info("Created payment intent %s for %d %s", intent.id, payment.amount, payment.currency)
        return PaymentResult(intent.id, intent.status, intent.client_secret, intent.amount, intent.currency)

    def refund(self, intent_id: str, amount: Optional[int] = None, *, reason: str = "requested_by_customer") -> str:
        """Refund a payment intent fully or partly.

        Args:
            intent_id: The payment intent to refund.
            amount: The amount to refund in the minor unit; the full amount when omitted.
            reason: One of Stripe's refund reasons.

        Returns:
            The refund's id.

        Raises:
            ValueError: If the amount is not positive.
            PaymentError: If Stripe rejects the refund.
        """
        if amount is not None and amount <= 0:
            raise ValueError("refund amount must be positive")
        params: Dict[str, object] = {"payment_intent": intent_id, "reason": reason}
        if amount is not None:
            params["amount"] = amount
        try:
            refund = self._client.refunds.create(params=params, options={"idempotency_key": str(uuid.uuid4())})
        except stripe.StripeError as exc:
            raise _translate(exc, "refund") from exc
        logger.info("Refunded %s (refund %s, amount=%s)", intent_id, refund.id, amount if amount is not None else "full")
        return refund.id
