package io.kiemp4drop.demo;

import io.kiemp4drop.demo.KieSimulator.Ending;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import io.kiemp4drop.validation.ConfigurationProblem;
import io.kiemp4drop.validation.LogSafe;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo profile (--demo, camel.main.profile=demo): its settings come from application-demo.properties; this
 * starts the loopback kie.ai simulator those settings point at, scripted by kie.demo.tasks, picks the loopback port
 * of the callback receiver, and puts the kie.demo.songs CSV into the inbox, before the routes are built; it stops
 * the simulator at the end.
 */
public class DemoMode extends MainListenerSupport {

    private static final Logger LOG = LoggerFactory.getLogger(DemoMode.class);

    private KieSimulator simulator;

    @Override
    public void beforeConfigure(BaseMainSupport main) {
        PropertiesComponent properties = main.getCamelContext().getPropertiesComponent();
        simulator = new KieSimulator(properties.resolveProperty("kie.api.key").orElse(""));
        String script = properties.resolveProperty("kie.demo.tasks").orElse("");
        for (String entry : script.split(",")) {
            addTask(entry.strip());
        }
        simulator.generates("/kie-mp4-drop/demo/sample-2.mp4", Duration.ofSeconds(2),
                properties.resolveProperty("kie.callback.hmac-key").orElse(null));
        simulator.start();
        properties.addOverrideProperty("kie.demo.simulator-port", String.valueOf(simulator.port()));
        properties.addOverrideProperty("kie.demo.http-port", String.valueOf(freeLoopbackPort()));
        properties.resolveProperty("kie.demo.songs").filter(songs -> !songs.isBlank()).ifPresent(songs ->
                putSongsInInbox(songs.strip(), Path.of(properties.resolveProperty("kie.inbox.dir").orElse("./inbox"))));
        LOG.info("Demo mode: simulated kie.ai API at {}; its videos land in {}", simulator.baseUrl(),
                properties.resolveProperty("kie.drop.dir").orElse("./drop"));
    }

    /** The shipped CSV of songs, unless the inbox already has a file of that name; written whole, then moved in. */
    private static void putSongsInInbox(String name, Path inbox) {
        if (!name.matches("[A-Za-z0-9._-]{1,100}\\.csv")) {
            throw new ConfigurationProblem("kie.demo.songs: the name of a CSV shipped in the jar's demo folder, not "
                    + LogSafe.quote(name));
        }
        try (InputStream songs = DemoMode.class.getResourceAsStream("/kie-mp4-drop/demo/" + name)) {
            if (songs == null) {
                throw new ConfigurationProblem("kie.demo.songs: no " + LogSafe.quote(name) + " in the jar's demo folder");
            }
            Path target = inbox.resolve(name);
            if (Files.notExists(target)) {
                Files.createDirectories(inbox);
                Path partial = inbox.resolve("." + name + ".part");
                Files.copy(songs, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new ConfigurationProblem("kie.demo.songs: cannot put " + LogSafe.quote(name) + " into the inbox "
                    + LogSafe.quote(inbox.toString()) + ": " + LogSafe.describe(e));
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new ConfigurationProblem("demo: no free loopback port for the callback receiver: " + LogSafe.describe(e));
        }
    }

    /** {@code id:pendingPolls:sample.mp4} ends SUCCESS with that sample video; {@code id:pendingPolls:FAILED} fails. */
    private void addTask(String entry) {
        String[] parts = entry.split(":");
        if (parts.length != 3 || !parts[1].matches("\\d{1,3}")) {
            throw new ConfigurationProblem("kie.demo.tasks: each entry is id:pendingPolls:sample.mp4 or id:pendingPolls:FAILED, not "
                    + LogSafe.quote(entry));
        }
        boolean fails = "FAILED".equals(parts[2]);
        simulator.task(parts[0], Integer.parseInt(parts[1]), fails ? Ending.GENERATE_MP4_FAILED : Ending.SUCCESS,
                fails ? null : "/kie-mp4-drop/demo/" + parts[2]);
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        if (simulator != null) {
            simulator.close();
        }
    }
}
