package io.kiemp4drop.embed;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultConsumer;

/**
 * The embedded bundle's sink: each message it publishes (poster, sidecar, video) becomes an exchange of the
 * application's route that consumes the Kamelet, with the same body and the sink contract's headers. The call
 * returns when that route is done with it; an exception there comes back as this sink's failure, so the bundle
 * keeps the task DELIVERING and offers it again with its durable back-off, without downloading it again.
 */
public class KameletHandOff {

    private final DefaultConsumer consumer;

    KameletHandOff(DefaultConsumer consumer) {
        this.consumer = consumer;
    }

    public void handOff(Exchange published) throws Exception {
        Exchange exchange = consumer.createExchange(false);
        try {
            Message message = exchange.getMessage();
            message.setBody(published.getMessage().getBody());
            published.getMessage().getHeaders().forEach((name, value) -> {
                if (name.startsWith("Kie")) {
                    message.setHeader(name, value);
                }
            });
            consumer.getProcessor().process(exchange);
            if (exchange.getException() != null) {
                throw exchange.getException();
            }
            Object destination = exchange.getMessage().getHeader("KieDestination");
            if (destination != null) {
                published.getMessage().setHeader("KieDestination", destination);
            }
        } finally {
            consumer.releaseExchange(exchange, false);
        }
    }
}
