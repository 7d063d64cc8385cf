package dev.toolgate.proxy.counters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script shipped with the proxy (a resource beside this class), and its SHA-1: the store calls it with
 * {@code EVALSHA} and sends the text only when the server answers {@code NOSCRIPT} (first use, restart, flush).
 */
record RedisScript(String name, String text, String sha1) {
    static final RedisScript RESERVE = load("reserve.lua");
    static final RedisScript ROLLBACK = load("rollback.lua");
    static final RedisScript READ = load("read.lua");

    static RedisScript load(String resource) {
        try (InputStream in = RedisScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return new RedisScript(resource, text, HexFormat.of().formatHex(digest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
