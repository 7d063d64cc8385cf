package dev.toolgate.proxy.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {
    @Test
    void readsJsonAndYamlAndAuthenticatesBearerTokens(@TempDir Path dir) throws Exception {
        ApiKeys json = ApiKeys.load(Files.writeString(dir.resolve("keys.json"),
                "{\"keys\":[{\"token\":\"t-1\",\"identity\":\"alice\",\"grant\":\"team-a\"},{\"token\":\"t-2\",\"identity\":\"bob\"}]}"));
        ApiKeys yaml = ApiKeys.load(Files.writeString(dir.resolve("keys.yaml"), "keys:\n  - {token: t-1, identity: alice, grant: team-a}\n"));

        assertThat(json.authenticate("Bearer t-1")).hasValue(new ApiKey("t-1", "alice", "team-a"));
        assertThat(json.authenticate("bearer t-2")).hasValueSatisfying(k -> assertThat(k.grant()).isEqualTo("default"));
        assertThat(yaml.authenticate("Bearer t-1")).isPresent();
        assertThat(json.authenticate("Bearer t-")).isEmpty();
        assertThat(json.authenticate("Bearer t-11")).isEmpty();
        assertThat(json.authenticate("Basic t-1")).isEmpty();
        assertThat(json.authenticate(null)).isEmpty();
        assertThat(new ApiKey("secret", "alice", "g").toString()).doesNotContain("secret");
    }

    @Test
    void reportsEveryProblemInTheFile(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("keys.yaml"), """
                keys:
                  - {token: "", identity: alice}
                  - {token: a, identity: ""}
                  - {token: a, identity: carol}
                """);
        assertThatThrownBy(() -> ApiKeys.load(bad)).isInstanceOf(IOException.class)
                .hasMessageContaining("keys[0].token: missing")
                .hasMessageContaining("keys[1].identity: missing")
                .hasMessageContaining("keys[2].token: the same token is given twice");
        assertThatThrownBy(() -> ApiKeys.load(Files.writeString(dir.resolve("x.yaml"), "tokens: []")))
                .hasMessageContaining("expected {\"keys\"");
    }
}
