package io.kopf4j.internal.cluster;

import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** A {@link LogSink} that remembers every line (and still writes it to the test log), to count what was said. */
final class RecordingLog implements LogSink {
    record Line(Level level, String message) {
    }

    private final LogSink real = LogSink.of(LoggerFactory.getLogger("test"));
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public void log(Level level, String message) {
        lines.add(new Line(level, message));
        real.log(level, message);
    }

    /** The messages at {@code level} that contain {@code text}. */
    List<String> at(Level level, String text) {
        return lines.stream().filter(l -> l.level() == level && l.message().contains(text))
                .map(Line::message).collect(Collectors.toList());
    }

    List<String> at(Level level) {
        return at(level, "");
    }
}
