package io.kiemp4drop.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/** Every log line (message and stack trace) written while it is installed, with its MDC. */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    /** One log event: its formatted message, the thread that logged it and its MDC (context data). */
    public record Event(String level, String logger, String thread, String message, Map<String, String> mdc) {
    }

    private record Entry(long at, String line, Event event) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    private LogCapture() {
        super("test-capture", null, null, true, Property.EMPTY_ARRAY);
    }

    public static LogCapture install() {
        LogCapture capture = new LogCapture();
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.addAppender(capture);
        config.getRootLogger().addAppender(capture, Level.ALL, null);
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " [" + event.getThreadName()
                + "] - " + event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        entries.add(new Entry(event.getTimeMillis(), line.toString(), new Event(event.getLevel().name(),
                event.getLoggerName(), event.getThreadName(), event.getMessage().getFormattedMessage(),
                new HashMap<>(event.getContextData().toMap()))));
    }

    public List<String> lines() {
        return entries.stream().map(Entry::line).toList();
    }

    public List<Event> events() {
        return entries.stream().map(Entry::event).toList();
    }

    public String all() {
        return String.join("\n", lines());
    }

    /** When (epoch millis) the first line containing {@code fragment} was logged. */
    public long timeOfFirst(String fragment) {
        return entries.stream().filter(e -> e.line().contains(fragment)).mapToLong(Entry::at).findFirst()
                .orElseThrow(() -> new AssertionError("no log line contains " + fragment));
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
