package io.kiemp4drop.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;

/**
 * The operator page's files, served from the jar (kie-mp4-drop/ui/): only the names listed here, each with its
 * type and a strict Content-Security-Policy (scripts, styles and requests of this origin only, no inline code, no
 * framing).
 */
public class PageFiles {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "page.css", "text/css; charset=utf-8",
            "page.js", "text/javascript; charset=utf-8");

    /** GET /ui/{file}: the file's bytes; 404 for any name not listed. */
    public byte[] serve(Exchange exchange, @Header("file") String file) {
        String name = file == null || file.isBlank() ? "index.html" : file;
        String type = TYPES.get(name);
        if (type == null) {
            throw new ApiRefusal(404, "no such page file");
        }
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, type);
        message.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Referrer-Policy", "no-referrer");
        message.setHeader("Cache-Control", "no-cache");
        try (InputStream in = PageFiles.class.getResourceAsStream("/kie-mp4-drop/ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks kie-mp4-drop/ui/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GET /: to the page. */
    public void redirect(Exchange exchange) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 302);
        message.setHeader("Location", "/ui/");
        message.setBody("");
    }
}
