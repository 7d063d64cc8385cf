package dev.toolgate.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The issuer's keys as the proxy keeps them: fetched once and reused, fetched again when a token names a key not yet
 * known (a rotation) but not again and again for unknown keys, kept working while the issuer is down; and a verified
 * token is not verified again on every call.
 */
class JwksKeysTest {
    private JwtProxy jwt;
    private TestIssuer issuer;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        jwt = new JwtProxy(dir);
        issuer = jwt.issuer;
    }

    @AfterEach
    void stop() throws Exception {
        jwt.close();
    }

    private int status(String token) throws Exception {
        return jwt.call(token).statusCode();
    }

    @Test
    void theKeysAreFetchedOnceForManyTokens() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(status(issuer.token())).isEqualTo(200);
        }
        assertThat(issuer.jwksFetches).hasValue(1);
    }

    @Test
    void aRotatedKeyIsFetchedWhenATokenNamesItAndUnknownKeysDoNotHammerTheIssuer() throws Exception {
        assertThat(status(issuer.token())).isEqualTo(200);
        issuer.rotate("k2");

        assertThat(status(issuer.token())).isEqualTo(200);
        assertThat(issuer.jwksFetches).hasValue(2);

        issuer.signWithUnpublished("k3");
        for (int i = 0; i < 5; i++) {
            assertThat(status(issuer.token())).isEqualTo(401);
        }
        // one refresh for the unknown kid at most within the rate limit, not one per token
        assertThat(issuer.jwksFetches.get()).isLessThanOrEqualTo(3);
    }

    @Test
    void whileTheIssuerIsDownTokensSignedByCachedKeysStillWork() throws Exception {
        assertThat(status(issuer.token())).isEqualTo(200);
        issuer.stop();

        assertThat(status(issuer.token())).isEqualTo(200);
    }
}
