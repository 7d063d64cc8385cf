package dev.toolgate.proxy.transport;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The sweeps are called with chosen times on the deadlines' own event loop, so no test waits on the clock. */
class DeadlinesTest {
    private static final long SECOND = 1_000_000_000L;
    private final EventLoop loop = new DefaultEventLoop();

    @AfterEach
    void close() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Runs {@code body} on one event loop, as the proxy uses its deadlines. */
    private void onEventLoop(java.util.function.Consumer<Deadlines> body) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try (Deadlines deadlines = new Deadlines(loop, Duration.ofHours(1))) {
                body.accept(deadlines);
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aDeadlineFiresOnceItsTimeHasComeAndOnlyOnce() throws Exception {
        onEventLoop(deadlines -> {
            List<String> fired = new ArrayList<>();
            long start = System.nanoTime();
            deadlines.arm(Duration.ofSeconds(30), () -> fired.add("body"));
            deadlines.arm(Duration.ofSeconds(60), () -> fired.add("upstream"));

            deadlines.sweep(start + 29 * SECOND);
            assertThat(fired).isEmpty();
            deadlines.sweep(start + 31 * SECOND);
            assertThat(fired).containsExactly("body");
            deadlines.sweep(start + 61 * SECOND);
            deadlines.sweep(start + 62 * SECOND);
            assertThat(fired).containsExactly("body", "upstream");
            assertThat(deadlines.armedCount()).isZero();
        });
    }

    @Test
    void aCancelledDeadlineNeverFiresAndIsForgotten() throws Exception {
        onEventLoop(deadlines -> {
            List<String> fired = new ArrayList<>();
            long start = System.nanoTime();
            Deadlines.Deadline answered = deadlines.arm(Duration.ofSeconds(30), () -> fired.add("answered"));
            answered.cancel();
            assertThat(deadlines.armedCount()).isZero();
            deadlines.sweep(start + 3_600 * SECOND);
            assertThat(fired).isEmpty();
            answered.cancel(); // cancelling twice, or after the fact, is harmless
        });
    }

    @Test
    void anExpiryMayArmAndCancelOtherDeadlinesWhileTheSweepRuns() throws Exception {
        onEventLoop(deadlines -> {
            List<String> fired = new ArrayList<>();
            long start = System.nanoTime();
            Deadlines.Deadline[] later = new Deadlines.Deadline[1];
            deadlines.arm(Duration.ofSeconds(1), () -> {
                fired.add("first");
                later[0].cancel();
                deadlines.arm(Duration.ofSeconds(1), () -> fired.add("re-armed"));
            });
            later[0] = deadlines.arm(Duration.ofSeconds(1), () -> fired.add("cancelled by the first"));

            // both are due in this sweep; the first, armed first, runs first and cancels the other in time
            deadlines.sweep(start + 2 * SECOND);
            assertThat(fired).containsExactly("first");
            assertThat(deadlines.armedCount()).isEqualTo(1);
            deadlines.sweep(System.nanoTime() + 2 * SECOND);
            assertThat(fired).containsExactly("first", "re-armed");
        });
    }
}
