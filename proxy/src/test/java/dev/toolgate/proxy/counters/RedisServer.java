package dev.toolgate.proxy.counters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for a test: on a free loopback port, without persistence, optionally with a password and
 * TLS (certificates made by {@code openssl} in a temporary directory). It can be killed and started again on the same
 * port. {@link #command} talks RESP over a plain socket, for what the tests check behind the proxy's back.
 */
public final class RedisServer implements AutoCloseable {
    private final Path dir;
    private final String password;
    private final boolean tls;
    private final int port;
    private final int plainPort;
    private Process process;

    private RedisServer(Path dir, String password, boolean tls) throws IOException {
        this.dir = dir;
        this.password = password;
        this.tls = tls;
        this.port = freePort();
        this.plainPort = tls ? freePort() : port;
    }

    public static RedisServer start() throws Exception {
        return start(null, false);
    }

    /** @param password {@code --requirepass}, or null; @param tls serve TLS on {@link #port()} (plain on a second port) */
    public static RedisServer start(String password, boolean tls) throws Exception {
        RedisServer server = new RedisServer(Files.createTempDirectory("toolgate-redis"), password, tls);
        if (tls) {
            server.makeCertificates();
        }
        server.launch();
        return server;
    }

    /** The port clients use: the TLS port when TLS is on. */
    public int port() {
        return port;
    }

    public URI url() {
        return URI.create((tls ? "rediss" : "redis") + "://127.0.0.1:" + port);
    }

    /** The CA that signed the server's certificate (TLS only). */
    public Path caFile() {
        return dir.resolve("ca.crt");
    }

    public void launch() throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--port", String.valueOf(plainPort),
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no"));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        if (tls) {
            command.addAll(List.of("--tls-port", String.valueOf(port), "--tls-cert-file", dir.resolve("server.crt").toString(),
                    "--tls-key-file", dir.resolve("server.key").toString(), "--tls-ca-cert-file", caFile().toString(),
                    "--tls-auth-clients", "no"));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                String answer = command("PING");
                if (answer.startsWith("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
            }
            Thread.sleep(20);
        }
    }

    /** Kills the server at once (SIGKILL): no goodbye to clients, like a crashed node. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Freezes the server (SIGSTOP): connections stay open, nothing is answered, like a node stuck in a long pause. */
    public void pause() throws Exception {
        signal("-STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    public void resume() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " failed");
        }
    }

    /**
     * Bytes clients sent that the server has not read yet (the receive queues of its sockets, from /proc/net/tcp): a
     * paused server's way to show that a command reached it.
     */
    public long unreadBytes() throws IOException {
        long unread = 0;
        String local = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            for (String line : Files.readAllLines(path)) {
                String[] fields = line.trim().split("\\s+");
                // local_address rem_address st tx_queue:rx_queue; "01" = ESTABLISHED
                if (fields.length > 4 && fields[1].endsWith(local) && "01".equals(fields[3])) {
                    unread += Long.parseLong(fields[4].substring(fields[4].indexOf(':') + 1), 16);
                }
            }
        }
        return unread;
    }

    /**
     * One command over the plain port (authenticated when there is a password); the reply as RESP text. Arguments
     * are sent as bulk strings.
     */
    public String command(String... args) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", plainPort), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            if (password != null) {
                send(out, "AUTH", password);
                readReply(in);
            }
            send(out, args);
            return readReply(in);
        }
    }

    /** The server's clock, in seconds. */
    public long time() throws IOException {
        String reply = command("TIME");
        // *2\r\n$10\r\n<seconds>\r\n$6\r\n<micros>\r\n
        String[] lines = reply.split("\r\n");
        return Long.parseLong(lines[2]);
    }

    private static void send(OutputStream out, String... args) throws IOException {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
        }
        out.write(request.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one whole reply (nested arrays included) as text. */
    private static String readReply(InputStream in) throws IOException {
        StringBuilder reply = new StringBuilder();
        readValue(in, reply);
        return reply.toString();
    }

    private static void readValue(InputStream in, StringBuilder reply) throws IOException {
        String line = readLine(in);
        reply.append(line).append("\r\n");
        char type = line.charAt(0);
        if (type == '$') {
            int length = Integer.parseInt(line.substring(1));
            if (length >= 0) {
                reply.append(readLine(in)).append("\r\n");
            }
        } else if (type == '*') {
            int count = Integer.parseInt(line.substring(1));
            for (int i = 0; i < count; i++) {
                readValue(in, reply);
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return line.toString();
            }
            line.append((char) c);
        }
        throw new IOException("connection closed");
    }

    private void makeCertificates() throws Exception {
        openssl("req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "2", "-subj", "/CN=toolgate-test-ca");
        openssl("req", "-new", "-nodes", "-newkey", "rsa:2048", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process run = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (run.waitFor() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            kill();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
