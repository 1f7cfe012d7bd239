package io.medic.detector;

import org.jboss.logmanager.ExtLogRecord;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the application logs while a test runs, as formatted lines with their level and any exception's
 * messages (the tests run with the JBoss log manager, which the application's loggers use).
 */
final class LogCapture extends Handler implements AutoCloseable {

    record Line(Level level, String logger, String text) {
    }

    private final Logger root = Logger.getLogger("");
    private final List<Line> lines = new CopyOnWriteArrayList<>();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    /** Everything logged from now on, by every logger, until closed. */
    static LogCapture all() {
        LogCapture capture = new LogCapture();
        capture.root.addHandler(capture);
        return capture;
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void publish(LogRecord record) {
        StringBuilder text = new StringBuilder(record instanceof ExtLogRecord ext ? ext.getFormattedMessage()
                : String.valueOf(record.getMessage()));
        for (Throwable t = record.getThrown(); t != null && t.getCause() != t; t = t.getCause()) {
            text.append('\n').append(t);
        }
        lines.add(new Line(record.getLevel(), record.getLoggerName(), text.toString()));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
