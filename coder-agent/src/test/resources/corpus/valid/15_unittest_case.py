import unittest
from decimal import Decimal


def apply_discount(price: Decimal, percent: int) -> Decimal:
    if not 0 <= percent <= 100:
        raise ValueError("percent must be between 0 and 100")
    return (price * (100 - percent) / 100).quantize(Decimal("0.01"))


class ApplyDiscountTest(unittest.TestCase):
    def test_no_discount(self) -> None:
        self.assertEqual(apply_discount(Decimal("9.99"), 0), Decimal("9.99"))

    def test_half_price(self) -> None:
        self.assertEqual(apply_discount(Decimal("10.00"), 50), Decimal("5.00"))

    def test_rejects_out_of_range(self) -> None:
        with self.assertRaises(ValueError):
            apply_discount(Decimal("1"), 101)


if __name__ == "__main__":
    unittest.main()
