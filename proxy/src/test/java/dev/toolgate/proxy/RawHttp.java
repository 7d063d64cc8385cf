package dev.toolgate.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 written by hand on a socket: for headers the JDK client will not send and for misbehaving clients. */
final class RawHttp {
    private RawHttp() {
    }

    static Socket open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        return socket;
    }

    static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection (or the socket times out). */
    static String readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            out.write("<timed out>".getBytes(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Sends {@code head} (request line and header lines, without the blank line) and {@code body}; reads until closed. */
    static String exchange(int port, String head, String body) throws IOException {
        try (Socket socket = open(port)) {
            write(socket, head + "\r\nConnection: close\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
            return readUntilClosed(socket);
        }
    }

    /** The status code of a raw response ({@code HTTP/1.1 404 …}), or -1 when there is none. */
    static int status(String response) {
        return response.startsWith("HTTP/1.1 ") && response.length() >= 12 ? Integer.parseInt(response.substring(9, 12)) : -1;
    }

    /** The body of a raw response (after the blank line). */
    static String body(String response) {
        int end = response.indexOf("\r\n\r\n");
        return end < 0 ? "" : response.substring(end + 4);
    }

    static String post(int port, String host, String body) throws IOException {
        try (Socket socket = open(port)) {
            write(socket, "POST /mcp HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Accept: application/json, text/event-stream\r\nConnection: close\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
            return readUntilClosed(socket);
        }
    }
}
