package io.medic.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/** Logs one line at start saying which topics the service reads and writes, read from its channel config. */
@ApplicationScoped
public class TopicsBanner {

    private static final Logger LOG = Logger.getLogger(TopicsBanner.class);
    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([^.]+)\\.connector");

    void onStart(@Observes StartupEvent start, Config config, ServiceIdentity service) {
        LOG.info(line(service.name(), config));
    }

    static String line(String service, Config config) {
        TreeSet<String> reads = new TreeSet<>();
        TreeSet<String> writes = new TreeSet<>();
        for (String name : StreamSupport.stream(config.getPropertyNames().spliterator(), false).toList()) {
            Matcher m = CHANNEL.matcher(name);
            if (m.matches()) {
                String prefix = "mp.messaging." + m.group(1) + "." + m.group(2);
                String topics = config.getOptionalValue(prefix + ".topics", String.class)
                        .or(() -> config.getOptionalValue(prefix + ".topic", String.class))
                        .orElse(m.group(2));
                (m.group(1).equals("incoming") ? reads : writes).addAll(List.of(topics.split("\\s*,\\s*")));
            }
        }
        return service + " reads " + reads + " and writes " + writes;
    }
}
