package io.kiemp4drop.embed;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code kie-mp4:name?apiKey=…}: the engine behind the {@code kie-mp4-source} Kamelet. Each endpoint runs one
 * embedded bundle with its own settings and store while its route runs.
 */
public class KieSourceComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        KieSourceEndpoint endpoint = new KieSourceEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
