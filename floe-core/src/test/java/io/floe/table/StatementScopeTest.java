package io.floe.table;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatementScopeTest {
    @Test
    void aHandleProbesOncePerScopeAndAlwaysOutsideOne() {
        Object handle = new Object();
        assertThat(StatementScope.needsProbe(handle)).isTrue();
        assertThat(StatementScope.needsProbe(handle)).as("no scope: every ask probes").isTrue();
        try (StatementScope outer = StatementScope.open()) {
            assertThat(StatementScope.needsProbe(handle)).isTrue();
            assertThat(StatementScope.needsProbe(handle)).isFalse();
            assertThat(StatementScope.needsProbe(new Object())).as("another handle").isTrue();
            try (StatementScope inner = StatementScope.open()) {
                assertThat(StatementScope.needsProbe(handle)).as("a nested open joins the statement").isFalse();
            }
            assertThat(StatementScope.needsProbe(handle)).as("closing the joined scope keeps the outer one").isFalse();
        }
        assertThat(StatementScope.needsProbe(handle)).as("the next statement probes again").isTrue();
        try (StatementScope next = StatementScope.open()) {
            assertThat(StatementScope.needsProbe(handle)).isTrue();
        }
    }
}
