"""FastAPI endpoint receiving Stripe webhooks."""
from __future__ import annotations

import logging
import os
from typing import Dict, Set

import stripe
from fastapi import APIRouter, Header, HTTPException, Request

from app.models import PaymentEvent

log = logging.getLogger(__name__)
router = APIRouter()

_processed: Set[str] = set()


def store_event(event: PaymentEvent) -> bool:
    """Record an event once; return False when its id was seen before."""
    if event.id in _processed:
        return False
    _processed.add(event.id)
    return True


@router.post("/webhooks/stripe")
async def stripe_webhook(request: Request, stripe_signature: str = Header(...)) -> Dict[str, str]:
    """Verify the Stripe signature, log the event and record payment_intent.succeeded once."""
    payload = await request.body()
    secret = os.environ["STRIPE_WEBHOOK_SECRET"]
    try:
        event = stripe.Webhook.construct_event(payload, stripe_signature, secret)
    except ValueError as exc:
        log.warning("Stripe webhook with a malformed payload rejected")
        raise HTTPException(status_code=400, detail="invalid payload") from exc
    except stripe.error.SignatureVerificationError as exc:
        log.warning("Stripe webhook with an invalid signature rejected")
        raise HTTPException(status_code=400, detail="invalid signature") from exc
    log.info("Stripe event %s received: %s", event["id"], event["type"])
    if event["type"] == "payment_intent.succeeded":
        if not store_event(PaymentEvent.from_stripe(event)):
            log.info("Duplicate Stripe event %s ignored", event["id"])
    return {"status": "ok"}
