"""GraphQL schema for products and orders, built with Strawberry.

Types, queries and mutations for a small shop API. Inputs are validated before they
reach the repository, errors are reported as GraphQL errors with a clear message, and
every mutation is logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from enum import Enum
from threading import Lock
from typing import Dict, List, Optional

import strawberry

logger = logging.getLogger("api.graphql")

MAX_PAGE_SIZE = 100


@strawberry.enum
class OrderStatus(Enum):
    """Where an order is in its life cycle."""

    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"


@strawberry.type
class Product:
    """A product that can be ordered."""

    id: strawberry.ID
    name: str
    price: Decimal
    in_stock: int


@strawberry.type
class OrderLine:
    """One product and quantity of an order."""

    product: Product
    quantity: int

    @strawberry.field
    def subtotal(self) -> Decimal:
        """Price times quantity."""
        return self.product.price * self.quantity


@strawberry.type
class Order:
    """A customer's order."""

    id: strawberry.ID
    customer_email: str
    status: OrderStatus
    created_at: datetime
    lines: List[OrderLine]

    @strawberry.field
    def total(self) -> Decimal:
        """The sum of all line subtotals."""
        return sum((line.subtotal() for line in self.lines), Decimal("0"))


@strawberry.input
class OrderLineInput:
    """A product id and the quantity wanted."""

    product_id: strawberry.ID
    quantity: int


@strawberry.input
class PlaceOrderInput:
    """What a customer orders."""

    customer_email: str
    lines: List[OrderLineInput]


class OrderError(ValueError):
    """An order cannot be placed or changed; the message is shown to the client."""


@dataclass
class Repository:
    """An in-memory store; swap for a database-backed one in production."""

    products: Dict[str, Product] = field(default_factory=dict)
    orders: Dict[str, Order] = field(default_factory=dict)
    lock: Lock = field(default_factory=Lock)

    def place_order(self, data: PlaceOrderInput) -> Order:
        """Validate an order, reserve stock and store it.

        Args:
            data: The order input.

        Returns:
            The stored order.

        Raises:
            OrderError: If the order is empty, a product is unknown or stock is short.
        """
        if "@" not in data.customer_email:
            raise OrderError("customer_email is not an e-mail address")
        if not data.lines:
            raise OrderError("an order needs at least one line")
        with self.lock:
            lines: List[OrderLine] = []
            for item in data.lines:
                product = self.products.get(str(item.product_id))
                if product is None:
                    raise OrderError(f"unknown product {item.product_id}")
                if item.quantity <= 0:
                    raise OrderError("quantities must be positive")
                if product.in_stock < item.quantity:
                    raise OrderError(f"only {product.in_stock} of {product.name} in stock")
                lines.append(OrderLine(product=product, quantity=item.quantity))
            for line in lines:
                line.product.in_stock -= line.quantity
            order = Order(
                id=strawberry.ID(f"ord_{len(self.orders) + 1}"),
                customer_email=data.customer_email,
                status=OrderStatus.PENDING,
                created_at=datetime.now(timezone.utc),
                lines=lines,
            )
            self.orders[str(order.id)] = order
        logger.info("Order %s placed by %s with %d lines", order.id, order.customer_email, len(lines))
        return order

    def cancel(self, order_id: str) -> Order:
        """Cancel a pending order and release its stock.

        Args:
            order_id: The order to cancel.

        Returns:
            The cancelled order.

        Raises:
            OrderError: If the order is unknown or no longer pending.
        """
        with self.lock:
            order = self.orders.get(order_id)
            if order is None:
                raise OrderError(f"unknown order {order_id}")
            if order.status is not OrderStatus.PENDING:
                raise OrderError(f"order {order_id} is {order.status.value} and cannot be cancelled")
            for line in order.lines:
                line.product.in_stock += line.quantity
            order.status = OrderStatus.CANCELLED
        logger.info("Order %s cancelled", order_id)
        return order


REPOSITORY = Repository()


@strawberry.type
class Query:
    """Read access to products and orders."""

    @strawberry.field
    def products(self, first: int = 20, offset: int = 0) -> List[Product]:
        """List products, paginated.

        Raises:
            OrderError: If the page size or offset is out of range.
        """
        if not 0 < first <= MAX_PAGE_SIZE or offset < 0:
            raise OrderError(f"first must be 1..{MAX_PAGE_SIZE} and offset >= 0")
        return list(REPOSITORY.products.values())[offset : offset + first]

    @strawberry.field
    def order(self, id: strawberry.ID) -> Optional[Order]:
        """Return one order, or null if it does not exist."""
        return REPOSITORY.orders.get(str(id))


@strawberry.type
class Mutation:
    """Changes to orders."""

    @strawberry.mutation
    def place_order(self, input: PlaceOrderInput) -> Order:
        """Place an order; fails with a GraphQL error if it is invalid."""
        return REPOSITORY.place_order(input)

    @strawberry.mutation
    def cancel_order(self, id: strawberry.ID) -> Order:
        """Cancel a pending order."""
        return REPOSITORY.cancel(str(id))


schema = strawberry.Schema(query=Query, mutation=Mutation)
