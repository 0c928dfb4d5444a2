package io.kiemp4drop.config;

import io.kiemp4drop.health.SinkHealthCheck;
import io.kiemp4drop.sink.SftpSettings;
import io.kiemp4drop.sink.SftpSink;
import io.kiemp4drop.sink.Sinks;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;

/** The SFTP sink: its settings, checked at start-up, its bean and its readiness check; all only when sftp is in kie.sinks. */
public class SftpBeans implements CamelConfiguration {

    /** JSch's StrictHostKeyChecking in the endpoint URI of routes/sinks/sftp.camel.yaml. */
    static final String JSCH_HOST_KEY_CHECKING = "kie.sftp.jsch.strict-host-key-checking";

    /** Checked once: a missing host, user or credential stops the start (null binds nothing). */
    @BindToRegistry("sftpSettings")
    public SftpSettings sftpSettings(Sinks sinks, @PropertyInject("kie.sftp.host") String host, @PropertyInject("kie.sftp.port") int port,
            @PropertyInject("kie.sftp.username") String username, @PropertyInject("kie.sftp.password") String password,
            @PropertyInject("kie.sftp.private-key-file") String privateKeyFile,
            @PropertyInject("kie.sftp.private-key-passphrase") String privateKeyPassphrase,
            @PropertyInject("kie.sftp.directory") String directory, @PropertyInject("kie.sftp.known-hosts-file") String knownHostsFile,
            @PropertyInject("kie.sftp.strict-host-key-checking") String strictHostKeyChecking) {
        return sinks.uses(SftpSettings.NAME) ? SftpSettings.parse(host, port, username, password, privateKeyFile,
                privateKeyPassphrase, directory, knownHostsFile, strictHostKeyChecking) : null;
    }

    @BindToRegistry(value = "sftpSink", lazy = true)
    public SftpSink sftpSink(Registry registry) {
        return new SftpSink(registry.lookupByNameAndType("sftpSettings", SftpSettings.class));
    }

    /** Readiness: DOWN while the server refuses the login; only with the SFTP sink on. */
    @BindToRegistry("sftpSinkCheck")
    public SinkHealthCheck sftpSinkCheck(Sinks sinks, Registry registry) {
        return sinks.uses(SftpSettings.NAME)
                ? new SinkHealthCheck("sftp-sink", () -> registry.lookupByNameAndType("sftpSink", SftpSink.class)) : null;
    }

    /**
     * The setting is true or false; JSch's StrictHostKeyChecking takes yes or no, and any other word (true among
     * them) lets a changed host key through. So the endpoint gets JSch's word, derived here.
     */
    @Override
    public void configure(CamelContext context) {
        PropertiesComponent properties = context.getPropertiesComponent();
        boolean off = "false".equals(properties.resolveProperty("kie.sftp.strict-host-key-checking").orElse("true").strip());
        properties.addOverrideProperty(JSCH_HOST_KEY_CHECKING, off ? "no" : "yes");
    }
}
