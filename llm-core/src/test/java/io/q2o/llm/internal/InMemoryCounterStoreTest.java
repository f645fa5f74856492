package io.q2o.llm.internal;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryCounterStoreTest {

    @Test
    void aReservationMustFitEveryPeriodOrNoneIsTaken() {
        InMemoryCounterStore store = new InMemoryCounterStore();
        List<String> keys = List.of("day:2026-11-28", "month:2026-11");
        List<BigDecimal> limits = List.of(new BigDecimal("1.00"), new BigDecimal("1.50"));

        assertThat(store.tryReserve(keys, limits, new BigDecimal("0.80"))).isTrue();
        assertThat(store.tryReserve(keys, limits, new BigDecimal("0.30"))).as("day would exceed").isFalse();
        store.commit(keys, new BigDecimal("0.80"), new BigDecimal("0.50"));
        assertThat(store.cost("day:2026-11-28")).isEqualByComparingTo("0.50");
        assertThat(store.tryReserve(keys, limits, new BigDecimal("0.50"))).isTrue();
        store.commit(keys, new BigDecimal("0.50"), new BigDecimal("0.50"));

        List<String> nextDay = List.of("day:2026-11-29", "month:2026-11");
        assertThat(store.tryReserve(nextDay, limits, new BigDecimal("0.60"))).as("month would exceed").isFalse();
        assertThat(store.cost("day:2026-11-29")).isEqualByComparingTo("0");
        assertThat(store.tryReserve(nextDay, Arrays.asList(null, null), new BigDecimal("99"))).as("no limits").isTrue();
    }

    @Test
    void callCountingStopsExactlyAtTheLimit() {
        InMemoryCounterStore store = new InMemoryCounterStore();
        for (int i = 0; i < 3; i++) {
            assertThat(store.tryCountCall("day:x", 3)).isTrue();
        }
        assertThat(store.tryCountCall("day:x", 3)).isFalse();
        assertThat(store.calls("day:x")).isEqualTo(3);
        assertThat(store.tryCountCall("day:x", 0)).as("0 means unlimited").isTrue();
    }
}
