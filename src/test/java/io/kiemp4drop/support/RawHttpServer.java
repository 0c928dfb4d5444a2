package io.kiemp4drop.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately broken file host on a loopback address: answers each connection with the next scripted
 * response, written byte for byte (so it can lie about Content-Length or hang up mid-body). Also serves
 * as a connection counter for addresses that must never be contacted.
 */
public final class RawHttpServer implements AutoCloseable {

    /** Status line and headers, the body, and how many body bytes to actually send before hanging up. */
    public record Response(String head, byte[] body, int bytesToSend, java.util.function.Supplier<InputStream> stream,
            long stallMillis) {

        public static Response ok(byte[] body, String extraHeaders, int bytesToSend) {
            return new Response("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nConnection: close\r\n" + extraHeaders,
                    body, bytesToSend, null, 0);
        }

        /** Sends {@code bytesToSend} bytes, then keeps the connection open and silent for {@code stallMillis}. */
        public static Response stalled(byte[] body, String extraHeaders, int bytesToSend, long stallMillis) {
            return new Response("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nConnection: close\r\n" + extraHeaders,
                    body, bytesToSend, null, stallMillis);
        }

        /** A whole body of {@code size} bytes streamed from {@code body}, with its Content-Length. */
        public static Response streamed(long size, java.util.function.Supplier<InputStream> body) {
            return new Response("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nConnection: close\r\nContent-Length: "
                    + size + "\r\n", new byte[0], 0, body, 0);
        }
    }

    private final ServerSocket socket;
    private final List<Response> script;
    private final AtomicInteger connections = new AtomicInteger();

    public RawHttpServer(String address, List<Response> script) throws IOException {
        this.socket = new ServerSocket();
        this.socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
        this.script = script;
        Thread acceptor = new Thread(this::serve, "raw-http-" + address);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url(String path) {
        return "http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort() + path;
    }

    public int connections() {
        return connections.get();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                int index = connections.getAndIncrement();
                Thread handler = new Thread(() -> answer(client, index), "raw-http-answer");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void answer(Socket connection, int index) {
        try (Socket client = connection) {
            if (!script.isEmpty()) {
                readRequestHead(client.getInputStream());
                Response response = script.get(Math.min(index, script.size() - 1));
                OutputStream out = client.getOutputStream();
                out.write((response.head() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                if (response.stream() != null) {
                    try (InputStream body = response.stream().get()) {
                        body.transferTo(out);
                    }
                } else {
                    out.write(response.body(), 0, Math.min(response.bytesToSend(), response.body().length));
                }
                out.flush();
                if (response.stallMillis() > 0) {
                    // a stalled file host: the connection stays open, no byte follows
                    java.util.concurrent.locks.LockSupport.parkNanos(response.stallMillis() * 1_000_000);
                }
            }
        } catch (IOException e) {
            // the client hung up, or the script cut the answer short
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
