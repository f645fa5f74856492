"""Stripe webhook endpoint for FastAPI.

Receives Stripe events, verifies their signature, processes
``payment_intent.succeeded`` and acknowledges every verified event with HTTP 200.
Every event is logged with its id and type; secrets are read from the environment.
"""

from __future__ import annotations

import logging
import os
from typing import Awaitable, Callable, Dict

import stripe
from fastapi import APIRouter, FastAPI, Header, HTTPException, Request, status
from pydantic import BaseModel, Field, ValidationError

logger = logging.getLogger("payments.stripe_webhook")

WEBHOOK_SECRET_ENV = "STRIPE_WEBHOOK_SECRET"
MAX_PAYLOAD_BYTES = 1_000_000


class WebhookAck(BaseModel):
    """Body returned to Stripe once an event has been accepted."""

    received: bool = True
    event_id: str
    event_type: str
    handled: bool


class PaymentIntentSucceeded(BaseModel):
    """The fields of a succeeded PaymentIntent that fulfilment relies on."""

    id: str = Field(min_length=1)
    amount_received: int = Field(ge=0)
    currency: str = Field(min_length=3, max_length=3)
    customer: str | None = None
    metadata: Dict[str, str] = Field(default_factory=dict)


class WebhookConfigurationError(RuntimeError):
    """Raised when the webhook signing secret is not configured."""


def get_webhook_secret() -> str:
    """Return the webhook signing secret from the environment.

    Returns:
        The ``whsec_`` signing secret of this endpoint.

    Raises:
        WebhookConfigurationError: If ``STRIPE_WEBHOOK_SECRET`` is not set.
    """
    secret = os.environ.get(WEBHOOK_SECRET_ENV, "").strip()
    if not secret:
        raise WebhookConfigurationError(f"{WEBHOOK_SECRET_ENV} is not set")
    return secret


def verify_event(payload: bytes, signature: str, secret: str) -> stripe.Event:
    """Verify the Stripe signature of a raw payload and parse the event.

    Args:
        payload: The raw request body, exactly as received.
        signature: The value of the ``Stripe-Signature`` header.
        secret: The endpoint's signing secret.

    Returns:
        The verified Stripe event.

    Raises:
        HTTPException: 400 if the payload is malformed or the signature does not match.
    """
    try:
        return stripe.Webhook.construct_event(payload, signature, secret)
    except ValueError as exc:
        logger.warning("Rejected webhook: malformed payload (%s)", exc)
        raise HTTPException(status_code=status.HTTP_400_BAD_REQUEST, detail="Invalid payload") from exc
    except stripe.SignatureVerificationError as exc:
        logger.warning("Rejected webhook: signature verification failed")
        raise HTTPException(status_code=status.HTTP_400_BAD_REQUEST, detail="Invalid signature") from exc


async def handle_payment_intent_succeeded(event: stripe.Event) -> None:
    """Process a ``payment_intent.succeeded`` event.

    Args:
        event: The verified event whose ``data.object`` is a PaymentIntent.

    Raises:
        HTTPException: 422 if the PaymentIntent lacks the fields fulfilment needs.
    """
    try:
        intent = PaymentIntentSucceeded.model_validate(event["data"]["object"])
    except (KeyError, ValidationError) as exc:
        logger.error("payment_intent.succeeded %s has an unexpected shape: %s", event["id"], exc)
        raise HTTPException(status_code=status.HTTP_422_UNPROCESSABLE_ENTITY, detail="Unexpected PaymentIntent") from exc
    logger.info(
        "Payment succeeded: intent=%s amount=%d %s customer=%s",
        intent.id,
        intent.amount_received,
        intent.currency.upper(),
        intent.customer or "-",
    )


EventHandler = Callable[[stripe.Event], Awaitable[None]]

HANDLERS: Dict[str, EventHandler] = {
    "payment_intent.succeeded": handle_payment_intent_succeeded,
}

router = APIRouter(prefix="/webhooks", tags=["stripe"])


@router.post("/stripe", response_model=WebhookAck, status_code=status.HTTP_200_OK)
async def stripe_webhook(
    request: Request,
    stripe_signature: str | None = Header(default=None, alias="Stripe-Signature"),
) -> WebhookAck:
    """Receive a Stripe webhook, verify it, dispatch it and acknowledge it.

    Args:
        request: The incoming request; its raw body is needed for the signature check.
        stripe_signature: The ``Stripe-Signature`` header.

    Returns:
        An acknowledgement; Stripe only needs the 200 status.

    Raises:
        HTTPException: 400 for a missing header, a bad signature or a malformed payload,
            413 for an oversized body, 500 if the endpoint is not configured.
    """
    if not stripe_signature:
        logger.warning("Rejected webhook: missing Stripe-Signature header")
        raise HTTPException(status_code=status.HTTP_400_BAD_REQUEST, detail="Missing Stripe-Signature header")
    payload = await request.body()
    if len(payload) > MAX_PAYLOAD_BYTES:
        logger.warning("Rejected webhook: payload of %d bytes is too large", len(payload))
        raise HTTPException(status_code=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, detail="Payload too large")
    try:
        secret = get_webhook_secret()
    except WebhookConfigurationError as exc:
        logger.critical("Stripe webhook is not configured: %s", exc)
        raise HTTPException(status_code=status.HTTP_500_INTERNAL_SERVER_ERROR, detail="Webhook not configured") from exc

    event = verify_event(payload, stripe_signature, secret)
    logger.info("Stripe event received: id=%s type=%s livemode=%s", event["id"], event["type"], event.get("livemode"))

    handler = HANDLERS.get(event["type"])
    if handler is None:
        logger.info("Stripe event %s of type %s acknowledged without processing", event["id"], event["type"])
        return WebhookAck(event_id=event["id"], event_type=event["type"], handled=False)

    await handler(event)
    return WebhookAck(event_id=event["id"], event_type=event["type"], handled=True)


def create_app() -> FastAPI:
    """Create the FastAPI application with the Stripe webhook route.

    Returns:
        The configured application.
    """
    app = FastAPI(title="Stripe webhooks")
    app.include_router(router)
    return app


app = create_app()
