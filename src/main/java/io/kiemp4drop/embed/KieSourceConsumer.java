package io.kiemp4drop.embed;

import io.kiemp4drop.validation.ConfigurationProblem;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/** Runs the embedded bundle while the route that consumes the Kamelet runs. */
class KieSourceConsumer extends DefaultConsumer {

    private final SourceSettings settings;
    private EmbeddedBundle bundle;

    KieSourceConsumer(KieSourceEndpoint endpoint, Processor processor, SourceSettings settings) {
        super(endpoint, processor);
        this.settings = settings;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String name = settings.displayName();
        EmbeddedBundle starting = new EmbeddedBundle(name, settings.asBundleSettings(), new KameletHandOff(this));
        try {
            starting.start();
        } catch (Exception e) {
            stopQuietly(starting);
            throw new ConfigurationProblem(name + " cannot start: " + settings.inPropertyNames(ConfigurationProblem.reasonOf(e)));
        }
        bundle = starting;
    }

    @Override
    protected void doStop() throws Exception {
        if (bundle != null) {
            bundle.stop();
            bundle = null;
        }
        super.doStop();
    }

    private static void stopQuietly(EmbeddedBundle bundle) {
        try {
            bundle.stop();
        } catch (Exception ignored) {
            // the start failure is what gets reported
        }
    }
}
