"""Xero Accounting API client.

A small typed client for the Xero Accounting API: OAuth 2.0 client-credentials tokens
(refreshed before they expire), the ``Xero-Tenant-Id`` header, invoices and contacts,
and polite handling of Xero's rate limits (HTTP 429 with ``Retry-After``).
"""

from __future__ import annotations

import logging
import os
import time
from datetime import date
from decimal import Decimal
from typing import Any, Dict, List, Optional

import httpx
from pydantic import BaseModel, Field

logger = logging.getLogger("integrations.xero")

TOKEN_URL = "https://identity.xero.com/connect/token"
API_URL = "https://api.xero.com/api.xro/2.0"
MAX_RATE_LIMIT_RETRIES = 3


class XeroError(Exception):
    """A Xero request failed; ``status`` is the HTTP status when there was one."""

    def __init__(self, message: str, status: Optional[int] = None) -> None:
        super().__init__(message)
        self.status = status


class LineItem(BaseModel):
    """One line of an invoice."""

    description: str = Field(min_length=1, alias="Description")
    quantity: Decimal = Field(gt=0, alias="Quantity")
    unit_amount: Decimal = Field(ge=0, alias="UnitAmount")
    account_code: str = Field(min_length=1, alias="AccountCode")

    model_config = {"populate_by_name": True}


class InvoiceIn(BaseModel):
    """A sales invoice (ACCREC) to create."""

    contact_id: str = Field(min_length=1)
    line_items: List[LineItem] = Field(min_length=1)
    due_date: date
    reference: Optional[str] = Field(default=None, max_length=255)

    def to_xero(self) -> Dict[str, Any]:
        """Return the invoice in Xero's JSON shape."""
        body: Dict[str, Any] = {
            "Type": "ACCREC",
            "Contact": {"ContactID": self.contact_id},
            "LineItems": [item.model_dump(by_alias=True, mode="json") for item in self.line_items],
            "DueDate": self.due_date.isoformat(),
            "Status": "DRAFT",
        }
        if self.reference:
            body["Reference"] = self.reference
        return body


class XeroClient:
    """Calls the Xero Accounting API for one tenant (organisation)."""

    def __init__(
        self,
        tenant_id: str,
        client_id: Optional[str] = None,
        client_secret: Optional[str] = None,
        *,
        timeout: float = 30.0,
        http: Optional[httpx.Client] = None,
    ) -> None:
        """Create the client.

        Args:
            tenant_id: The Xero tenant (organisation) id.
            client_id: The app's client id; read from ``XERO_CLIENT_ID`` when omitted.
            client_secret: The app's secret; read from ``XERO_CLIENT_SECRET`` when omitted.
            timeout: Seconds to wait for each HTTP request.
            http: An ``httpx.Client`` to use, e.g. in tests.

        Raises:
            XeroError: If the credentials are not configured.
        """
        self._client_id = client_id or os.environ.get("XERO_CLIENT_ID", "")
        self._client_secret = client_secret or os.environ.get("XERO_CLIENT_SECRET", "")
        if not self._client_id or not self._client_secret:
            raise XeroError("XERO_CLIENT_ID and XERO_CLIENT_SECRET must be set")
        self._tenant_id = tenant_id
        self._http = http or httpx.Client(timeout=timeout)
        self._token: Optional[str] = None
        self._token_expires_at = 0.0

    def _access_token(self) -> str:
        """Return a valid access token, fetching a new one shortly before expiry."""
        if self._token and time.monotonic() < self._token_expires_at - 60:
            return self._token
        try:
            response = self._http.post(
                TOKEN_URL,
                data={"grant_type": "client_credentials", "scope": "accounting.transactions accounting.contacts"},
                auth=(self._client_id, self._client_secret),
            )
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            logger.error("Xero token request refused: HTTP %d", exc.response.status_code)
            raise XeroError("could not obtain a Xero access token", exc.response.status_code) from exc
        except httpx.TransportError as exc:
            logger.error("Xero identity server unreachable: %s", exc)
            raise XeroError("Xero identity server unreachable") from exc
        payload = response.json()
        self._token = str(payload["access_token"])
        self._token_expires_at = time.monotonic() + float(payload.get("expires_in", 1800))
        logger.info("Obtained a Xero access token valid for %ss", payload.get("expires_in", 1800))
        return self._token

    def _request(self, method: str, path: str, **kwargs: Any) -> Dict[str, Any]:
        """Send an API request, waiting out rate limits, and return the JSON body."""
        for attempt in range(MAX_RATE_LIMIT_RETRIES + 1):
            headers = {
                "Authorization": f"Bearer {self._access_token()}",
                "Xero-Tenant-Id": self._tenant_id,
                "Accept": "application/json",
            }
            try:
                response = self._http.request(method, f"{API_URL}{path}", headers=headers, **kwargs)
            except httpx.TransportError as exc:
                logger.error("Xero %s %s failed: %s", method, path, exc)
                raise XeroError(f"Xero unreachable for {method} {path}") from exc
            if response.status_code == 429 and attempt < MAX_RATE_LIMIT_RETRIES:
                wait = float(response.headers.get("Retry-After", "1"))
                logger.warning("Xero rate limit hit on %s %s; retrying in %.0fs", method, path, wait)
                time.sleep(min(wait, 60.0))
                continue
            if response.status_code >= 400:
                logger.error("Xero %s %s answered HTTP %d", method, path, response.status_code)
                raise XeroError(f"Xero {method} {path} failed: {response.text[:200]}", response.status_code)
            return response.json()
        raise XeroError(f"Xero {method} {path} still rate limited after {MAX_RATE_LIMIT_RETRIES} retries", 429)

    def list_invoices(self, status: str = "AUTHORISED", page: int = 1) -> List[Dict[str, Any]]:
        """List invoices with a given status, one page (100 invoices) at a time.

        Args:
            status: The invoice status to filter on, e.g. ``DRAFT`` or ``AUTHORISED``.
            page: The page number, starting at 1.

        Returns:
            The invoices as Xero returns them.

        Raises:
            ValueError: If the page is below 1.
            XeroError: If the request fails.
        """
        if page < 1:
            raise ValueError("page must be >= 1")
        body = self._request("GET", "/Invoices", params={"Statuses": status, "page": page})
        invoices: List[Dict[str, Any]] = body.get("Invoices", [])
        logger.info("Fetched %d %s invoices (page %d)", len(invoices), status, page)
        return invoices

    def create_invoice(self, invoice: InvoiceIn) -> str:
        """Create a draft sales invoice and return its id.

        Args:
            invoice: The validated invoice.

        Returns:
            The new invoice's ``InvoiceID``.

        Raises:
            XeroError: If Xero rejects the invoice.
        """
        body = self._request("PUT", "/Invoices", json={"Invoices": [invoice.to_xero()]})
        invoice_id = str(body["Invoices"][0]["InvoiceID"])
        logger.info("Created Xero invoice %s for contact %s", invoice_id, invoice.contact_id)
        return invoice_id

    def find_contact(self, email: str) -> Optional[Dict[str, Any]]:
        """Find a contact by e-mail address.

        Args:
            email: The address to look for.

        Returns:
            The contact, or None if there is none.

        Raises:
            XeroError: If the request fails.
        """
        body = self._request("GET", "/Contacts", params={"where": f'EmailAddress=="{email.replace(chr(34), "")}"'})
        contacts: List[Dict[str, Any]] = body.get("Contacts", [])
        return contacts[0] if contacts else None

    def close(self) -> None:
        """Close the underlying HTTP client."""
        self._http.close()
