package io.medic.messaging;

import io.medic.events.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Creates Medic's topics at start when they do not exist, with the cleanup policy each needs: plans and
 * decisions are compacted (the latest record per plan id is the state the approval API and the executor
 * rebuild from). In a cluster the topics come from Strimzi {@code KafkaTopic} resources ({@code deploy/});
 * there this finds them present and changes nothing. {@code medic.messaging.create-topics=false} turns it off.
 */
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);
    static final Set<String> COMPACTED = Set.of(Topics.PLANS, Topics.DECISIONS);
    static final List<String> ALL = List.of(Topics.SIGNALS, Topics.PLANS, Topics.DECISIONS, Topics.EXECUTIONS,
            Topics.DEAD_LETTER);

    void onStart(@Observes StartupEvent start,
                 @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                 @ConfigProperty(name = "medic.messaging.create-topics", defaultValue = "true") boolean create,
                 @ConfigProperty(name = "medic.messaging.replication-factor") Optional<Short> replicationFactor) {
        if (!create) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = ALL.stream().filter(t -> !existing.contains(t))
                    .map(t -> newTopic(t, replicationFactor)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                LOG.infof("created topics %s", missing.stream().map(NewTopic::name).toList());
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf("cannot create Medic's topics (%s); the broker's defaults apply", e.getCause().toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("cannot reach Kafka to create Medic's topics within 30 s; the broker's defaults apply");
        }
    }

    private static NewTopic newTopic(String name, Optional<Short> replicationFactor) {
        NewTopic topic = new NewTopic(name, Optional.of(1), replicationFactor);
        return COMPACTED.contains(name)
                ? topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                : topic;
    }
}
