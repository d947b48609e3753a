package com.openedxpok.openedx.eventbus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

import com.openedxpok.config.ServiceConfig;

/**
 * The event-bus consumer of this instance: off unless {@code OPENEDX_EVENT_BUS_REDIS_URL} is set; started with the
 * application, stopped first on shutdown (the entry in hand is finished and acknowledged), and what the dashboard
 * shows about it.
 */
@Service
public class EventBusService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventBusService.class);

    private final ServiceConfig.EventBus settings;
    private final EventBusEntryProcessor processor;
    private final EventBusActivity activity;
    private volatile RedisStreamConsumer consumer;

    public EventBusService(ServiceConfig config, EventBusEntryProcessor processor, EventBusActivity activity) {
        this.settings = config.eventBus();
        this.processor = processor;
        this.activity = activity;
    }

    /** Everything the dashboard's "Event bus" panel shows. */
    public record Status(
            boolean enabled,
            String stream,
            String group,
            String consumer,
            boolean connected,
            String connectionProblem,
            OptionalLong lag,
            Optional<Instant> lastEventAt,
            long applied,
            long errors,
            List<EventBusActivity.Problem> problems) {
    }

    public Status status() {
        RedisStreamConsumer current = consumer;
        boolean connected = current != null && current.connected();
        return new Status(settings.enabled(), settings.stream(), settings.group(), settings.consumer(), connected,
                current == null ? null : current.connectionProblem(),
                connected ? current.lag() : OptionalLong.empty(), activity.lastEventAt(),
                activity.count(EventBusActivity.Outcome.APPLIED), activity.errorCount(), activity.problems());
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || consumer != null) {
            return;
        }
        RedisStreamConsumer started = new RedisStreamConsumer(settings, processor, activity);
        started.start();
        consumer = started;
        log.info("Open edX event bus: consuming {}", started.describe());
    }

    @Override
    public synchronized void stop() {
        RedisStreamConsumer running = consumer;
        consumer = null;
        if (running != null) {
            running.stop();
            log.info("Open edX event bus: stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return consumer != null;
    }

    /** This instance's consumer while it runs (the benchmark and the tests read its count). */
    public Optional<RedisStreamConsumer> consumer() {
        return Optional.ofNullable(consumer);
    }
}
