package io.q2o.llm.bench;

/**
 * Generates a realistic, valid Python module of an exact number of lines: imports, then repeated
 * blocks of a small repository class (type hints, docstrings, a lock, try/except, logging) and a
 * function with a comprehension and validation.
 */
final class PythonSource {

    private static final String HEADER = """
            \"\"\"Inventory services generated for the validation benchmark.\"\"\"
            from __future__ import annotations

            import logging
            from dataclasses import dataclass
            from threading import Lock
            from typing import Dict, List, Optional

            logger = logging.getLogger(__name__)


            @dataclass(frozen=True)
            class Item:
                \"\"\"One stored item.\"\"\"

                key: int
                name: str
                price: float

            """;

    private static final String BLOCK = """

            class Repository%1$d:
                \"\"\"Thread-safe in-memory storage of items, shard %1$d.\"\"\"

                def __init__(self) -> None:
                    self._items: Dict[int, Item] = {}
                    self._lock = Lock()

                def add(self, item: Item) -> None:
                    \"\"\"Store ``item``, replacing one with the same key.\"\"\"
                    if item.price < 0:
                        raise ValueError(f"negative price for {item.name!r}")
                    with self._lock:
                        self._items[item.key] = item

                def find(self, key: int) -> Optional[Item]:
                    \"\"\"Return the item with ``key``, or None.\"\"\"
                    try:
                        with self._lock:
                            return self._items[key]
                    except KeyError:
                        logger.debug("item %%s not found in shard %1$d", key)
                        return None


            def total_value_%1$d(items: List[Item], discount: float = 0.0) -> float:
                \"\"\"Sum the prices of ``items`` after ``discount`` (0 to 1).\"\"\"
                if not 0.0 <= discount <= 1.0:
                    raise ValueError("discount must be between 0 and 1")
                prices = [item.price for item in items if item.price > 0]
                return round(sum(prices) * (1.0 - discount), 2)

            """;

    private PythonSource() {
    }

    /**
     * @param count the number of lines
     * @return the module, exactly {@code count} lines long (each ending in a newline)
     */
    static String lines(int count) {
        StringBuilder sb = new StringBuilder(HEADER);
        int i = 0;
        while (lineCount(sb) + lineCount(BLOCK) <= count) {
            sb.append(BLOCK.formatted(i++));
        }
        int k = 0;
        while (lineCount(sb) < count) {
            sb.append("CONSTANT_").append(k++).append(" = ").append(k * 7).append('\n');
        }
        return sb.toString();
    }

    private static int lineCount(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }
}
