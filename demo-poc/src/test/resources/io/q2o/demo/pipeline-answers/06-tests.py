"""Tests for the Stripe webhook endpoint (the Stripe library's verification is replaced by a stub)."""
import json
from typing import Any, Dict

import pytest
import stripe
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app import webhook

HEADERS = {"Stripe-Signature": "t=1700000000,v1=test"}


def make_event(event_id: str = "evt_1") -> Dict[str, Any]:
    return {
        "id": event_id,
        "type": "payment_intent.succeeded",
        "data": {"object": {"id": "pi_1", "amount": 1999, "currency": "EUR"}},
    }


@pytest.fixture()
def client(monkeypatch: pytest.MonkeyPatch) -> TestClient:
    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "test-signing-key")
    webhook._processed.clear()
    app = FastAPI()
    app.include_router(webhook.router)
    return TestClient(app)


def test_valid_event_is_recorded_and_answered_with_200(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stripe.Webhook, "construct_event", lambda payload, sig, secret: make_event())
    response = client.post("/webhooks/stripe", content=json.dumps(make_event()), headers=HEADERS)
    assert response.status_code == 200
    assert webhook._processed == {"evt_1"}


def test_duplicate_event_is_recorded_once(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stripe.Webhook, "construct_event", lambda payload, sig, secret: make_event())
    for _ in range(2):
        assert client.post("/webhooks/stripe", content=json.dumps(make_event()), headers=HEADERS).status_code == 200
    assert len(webhook._processed) == 1


def test_bad_signature_is_rejected_with_400(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def reject(payload: bytes, sig: str, secret: str) -> Dict[str, Any]:
        raise stripe.error.SignatureVerificationError("no valid signature", sig)

    monkeypatch.setattr(stripe.Webhook, "construct_event", reject)
    response = client.post("/webhooks/stripe", content=json.dumps(make_event()), headers=HEADERS)
    assert response.status_code == 400
    assert webhook._processed == set()
