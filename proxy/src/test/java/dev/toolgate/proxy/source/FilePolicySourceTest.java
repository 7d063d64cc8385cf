package dev.toolgate.proxy.source;

import dev.toolgate.policy.CompiledPolicy;
import dev.toolgate.policy.InvalidPolicyException;
import dev.toolgate.policy.PolicyError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class FilePolicySourceTest {
    private static final String ONE_TOOL = "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"a\":{}}}";
    private static final String TWO_TOOLS = "{\"version\":\"1\",\"default\":\"deny\",\"tools\":{\"a\":{},\"b\":{}}}";

    @Test
    void deliversTheFileThenEveryValidChangeAndReportsInvalidOnes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("policy.json"), ONE_TOOL);
        RecordingListener recorder = new RecordingListener();
        try (FilePolicySource source = new FilePolicySource(file, Duration.ofMillis(50))) {
            source.start(recorder);
            assertThat(recorder.policies).singleElement().satisfies(p -> assertThat(p.toolCount()).isEqualTo(1));

            // an editor's write: a temp file renamed over the policy
            Path temp = Files.writeString(dir.resolve(".policy.json.tmp"), TWO_TOOLS);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            await().atMost(Duration.ofSeconds(2)).until(() -> recorder.policies.size() == 2);
            assertThat(recorder.policies.get(1).toolCount()).isEqualTo(2);

            Files.writeString(file, "{\"version\":\"1\",\"default\":\"maybe\"}");
            await().atMost(Duration.ofSeconds(2)).until(() -> recorder.invalid.size() == 1);
            assertThat(recorder.invalid.get(0)).isNotEmpty();

            Files.writeString(dir.resolve("unrelated.txt"), "x");
            Files.writeString(file, TWO_TOOLS);
            await().atMost(Duration.ofSeconds(2)).until(() -> recorder.policies.size() == 3);
            assertThat(recorder.invalid).hasSize(1);
        }
    }

    @Test
    void anInvalidFileAtStartIsRefusedWithItsErrors(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("policy.json"), "{\"version\":\"1\",\"default\":\"maybe\"}");
        try (FilePolicySource source = new FilePolicySource(file)) {
            assertThatThrownBy(() -> source.start(new RecordingListener())).isInstanceOfSatisfying(InvalidPolicyException.class,
                    e -> assertThat(e.errors()).isNotEmpty());
        }
    }
}
