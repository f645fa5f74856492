from enum import Enum, auto


class OrderState(Enum):
    NEW = auto()
    PAID = auto()
    SHIPPED = auto()
    DELIVERED = auto()
    CANCELLED = auto()


TRANSITIONS: dict[OrderState, frozenset[OrderState]] = {
    OrderState.NEW: frozenset({OrderState.PAID, OrderState.CANCELLED}),
    OrderState.PAID: frozenset({OrderState.SHIPPED, OrderState.CANCELLED}),
    OrderState.SHIPPED: frozenset({OrderState.DELIVERED}),
    OrderState.DELIVERED: frozenset(),
    OrderState.CANCELLED: frozenset(),
}


class InvalidTransition(Exception):
    pass


class Order:
    def __init__(self, order_id: str) -> None:
        self.order_id = order_id
        self.state = OrderState.NEW
        self.history: list[OrderState] = [self.state]

    def advance(self, target: OrderState) -> None:
        if target not in TRANSITIONS[self.state]:
            raise InvalidTransition(f"{self.state.name} -> {target.name}")
        self.state = target
        self.history.append(target)
