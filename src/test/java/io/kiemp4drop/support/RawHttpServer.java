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
    public record Response(String head, byte[] body, int bytesToSend) {

        public static Response ok(byte[] body, String extraHeaders, int bytesToSend) {
            return new Response("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nConnection: close\r\n" + extraHeaders,
                    body, bytesToSend);
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
            try (Socket client = socket.accept()) {
                int index = connections.getAndIncrement();
                if (script.isEmpty()) {
                    continue;
                }
                readRequestHead(client.getInputStream());
                Response response = script.get(Math.min(index, script.size() - 1));
                OutputStream out = client.getOutputStream();
                out.write((response.head() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(response.body(), 0, Math.min(response.bytesToSend(), response.body().length));
                out.flush();
            } catch (IOException e) {
                // closed, or the client hung up: both are part of the script
            }
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
