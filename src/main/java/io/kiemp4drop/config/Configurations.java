package io.kiemp4drop.config;

import java.util.List;
import org.apache.camel.CamelConfiguration;

/**
 * The bundle's configuration classes, one per concern, in the order their beans build on each other (a class
 * may use the beans of the classes before it).
 */
public final class Configurations {

    private Configurations() {
    }

    public static List<CamelConfiguration> all() {
        return List.of(new JsonBeans(), new StoreBeans(), new StorePartBeans(), new MetricsBeans(), new ReportBeans(),
                new PollBeans(), new GenerateBeans(), new DeliveryBeans(), new MediaBeans(), new SinkBeans(), new SftpBeans(), new AzureBlobBeans(),
                new NotifyBeans(), new ApiBeans(), new RunBeans());
    }
}
