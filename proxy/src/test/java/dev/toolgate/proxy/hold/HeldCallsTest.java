package dev.toolgate.proxy.hold;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeldCallsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void placesAreCappedInAllAndPerIdentityAndGivenBackOnce() {
        HeldCalls places = new HeldCalls(3, 2, registry);
        Optional<HeldCalls.Place> a1 = places.take("alice");
        places.take("alice");
        assertThat(places.take("alice")).as("alice's own cap").isEmpty();
        places.take("bob");
        assertThat(places.take("carol")).as("the cap in all").isEmpty();
        assertThat(registry.get("toolgate.approvals.held").gauge().value()).isEqualTo(3.0);

        a1.orElseThrow().close();
        a1.orElseThrow().close(); // once only
        assertThat(places.held()).isEqualTo(2);
        assertThat(places.take("alice")).isPresent();
        assertThat(places.take("carol")).isEmpty();
    }

    @Test
    void theWaitIsBoundedToAnHour() {
        assertThat(HoldOpenOptions.OFF.enabled()).isFalse();
        assertThat(HoldOpenOptions.upTo(Duration.ofHours(1)).enabled()).isTrue();
        assertThatThrownBy(() -> HoldOpenOptions.upTo(Duration.ofSeconds(3601))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HoldOpenOptions.upTo(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
