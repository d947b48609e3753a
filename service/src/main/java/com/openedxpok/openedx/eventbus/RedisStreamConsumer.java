package com.openedxpok.openedx.eventbus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.openedxpok.config.ServiceConfig;
import com.openedxpok.openedx.eventbus.EventBusActivity.Outcome;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * One member of the consumer group on Open edX's certificate lifecycle stream, on a thread and a Redis connection of
 * its own (a blocking read holds its connection).
 *
 * <p>On every (re)connection: the group is created if missing, reading from the start of the stream ({@code 0}, not
 * {@code $}: entries written before the first start are wanted); then the entries this consumer name read and never
 * acknowledged (a crash, a lost connection) are applied; then new ones are read with {@code XREADGROUP … BLOCK}, and
 * from time to time {@code XAUTOCLAIM} takes over entries another consumer left pending longer than the claim
 * timeout (an instance that died). An entry is acknowledged only after {@link EventBusEntryProcessor} returned, that
 * is once its effect is committed; a crash in between means the entry is applied again, which changes nothing (the
 * handling is idempotent per learner and course).
 *
 * <p>A lost connection or a Redis restart: reconnect with a backoff (0.5 s doubling to 30 s). A database that cannot
 * be reached: the entry stays pending and is read again after the same backoff.
 */
public final class RedisStreamConsumer {

    private static final Logger log = LoggerFactory.getLogger(RedisStreamConsumer.class);
    /** How long one read waits for new entries: also how long a stop may wait for it. */
    static final Duration BLOCK = Duration.ofSeconds(2);
    static final int BATCH = 100;
    /** Entries applied at once (each a few database transactions); one learner and course stays on one lane. */
    static final int LANES = 4;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final ServiceConfig.EventBus settings;
    private final EventBusEntryProcessor processor;
    private final EventBusActivity activity;
    private final RedisURI uri;
    private final RedisClient client;
    private final AtomicLong applied = new AtomicLong();
    private final Object lock = new Object();
    private volatile boolean running;
    private volatile boolean connected;
    private volatile String connectionProblem;
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private StatefulRedisConnection<String, byte[]> statusConnection;
    private Thread thread;
    private final java.util.concurrent.ExecutorService lanePool;

    public RedisStreamConsumer(ServiceConfig.EventBus settings, EventBusEntryProcessor processor,
            EventBusActivity activity) {
        this.settings = settings;
        this.processor = processor;
        this.activity = activity;
        this.uri = RedisURI.create(settings.redisUrl().reveal());
        uri.setClientName("openedx-pok-" + settings.consumer());
        this.client = RedisClient.create();
        java.util.concurrent.atomic.AtomicInteger laneNumber = new java.util.concurrent.atomic.AtomicInteger();
        this.lanePool = java.util.concurrent.Executors.newFixedThreadPool(LANES, task -> {
            Thread lane = new Thread(task, "event-bus-" + settings.consumer() + "-" + laneNumber.incrementAndGet());
            lane.setDaemon(true);
            return lane;
        });
        // Reconnection is ours (with its own backoff and a fresh look at pending entries), not Lettuce's.
        client.setOptions(ClientOptions.builder().autoReconnect(false)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
    }

    /** Where it reads, without the password the URL may carry. */
    public String describe() {
        return settings.stream() + " on " + uri.getHost() + ":" + uri.getPort() + " (group " + settings.group()
                + ", consumer " + settings.consumer() + ")";
    }

    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            thread = new Thread(this::run, "event-bus-" + settings.consumer());
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Lets the entry in hand finish (applied and acknowledged), then closes the connections. */
    public void stop() {
        Thread t;
        synchronized (lock) {
            running = false;
            t = thread;
            thread = null;
        }
        if (t != null) {
            try {
                t.join(BLOCK.plusSeconds(10).toMillis());
                if (t.isAlive()) {
                    closeQuietly(connection);
                    t.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            closeQuietly(statusConnection);
            statusConnection = null;
        }
        lanePool.shutdown();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    public boolean isRunning() {
        return running;
    }

    public boolean connected() {
        return connected;
    }

    /** Why the last connection attempt failed; null while connected. */
    public String connectionProblem() {
        return connectionProblem;
    }

    /** Entries this consumer applied (not duplicates, not errors). */
    public long applied() {
        return applied.get();
    }

    /**
     * Entries the group has not acknowledged yet: read but pending, plus not yet delivered to anyone ({@code XINFO
     * GROUPS}: {@code pending} + {@code lag}). Empty when Redis cannot tell (not connected, or its {@code lag} is
     * unknown after entries were deleted).
     */
    public OptionalLong lag() {
        if (!connected) {
            return OptionalLong.empty();
        }
        try {
            List<Object> groups;
            synchronized (lock) {
                if (statusConnection == null || !statusConnection.isOpen()) {
                    closeQuietly(statusConnection);
                    statusConnection = client.connect(CODEC, uri);
                    statusConnection.setTimeout(Duration.ofSeconds(1));
                }
                groups = statusConnection.sync().dispatch(CommandType.XINFO, new ArrayOutput<>(CODEC),
                        new CommandArgs<>(CODEC).add("GROUPS").addKey(settings.stream()));
            }
            for (Object group : groups) {
                Map<String, Object> info = pairs((List<?>) group);
                if (settings.group().equals(info.get("name"))) {
                    Object pending = info.get("pending");
                    Object lag = info.get("lag");
                    if (pending instanceof Long p && lag instanceof Long l) {
                        return OptionalLong.of(p + l);
                    }
                }
            }
            return OptionalLong.empty();
        } catch (RedisException e) {
            return OptionalLong.empty();
        }
    }

    private static Map<String, Object> pairs(List<?> flat) {
        Map<String, Object> map = new java.util.HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            Object key = flat.get(i);
            Object value = flat.get(i + 1);
            map.put(key instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                    : String.valueOf(key), value instanceof byte[] b ? new String(b,
                            java.nio.charset.StandardCharsets.UTF_8) : value);
        }
        return map;
    }

    private void run() {
        Duration backoff = FIRST_BACKOFF;
        boolean everConnected = false;
        while (running) {
            try {
                RedisCommands<String, byte[]> redis = connect();
                if (everConnected) {
                    activity.reconnected();
                    log.info("Event bus: connected again to {}", describe());
                }
                everConnected = true;
                backoff = FIRST_BACKOFF;
                consume(redis);
            } catch (EventBusEntryProcessor.RetryLater e) {
                log.warn("Event bus: the database is unreachable ({}); the entry stays pending, next try in {} ms",
                        e.getMessage(), backoff.toMillis());
                backoff = pause(backoff);
            } catch (RedisException e) {
                if (!running) {
                    break;
                }
                if (connected || connectionProblem == null) {
                    log.warn("Event bus: connection to {} lost or refused ({}); trying again with backoff",
                            describe(), e.getMessage());
                }
                connected = false;
                connectionProblem = e.getMessage();
                closeQuietly(connection);
                backoff = pause(backoff);
            } catch (RuntimeException e) {
                log.error("Event bus: unexpected error; trying again in {} ms", backoff.toMillis(), e);
                connected = false;
                connectionProblem = e.getClass().getSimpleName();
                closeQuietly(connection);
                backoff = pause(backoff);
            }
        }
        connected = false;
        closeQuietly(connection);
        connection = null;
    }

    private RedisCommands<String, byte[]> connect() {
        StatefulRedisConnection<String, byte[]> current = connection;
        if (current == null || !current.isOpen()) {
            closeQuietly(current);
            current = client.connect(CODEC, uri);
            // Above the blocking read's own wait, so that only a dead connection times out.
            current.setTimeout(BLOCK.plusSeconds(10));
            connection = current;
        }
        RedisCommands<String, byte[]> redis = current.sync();
        try {
            redis.xgroupCreate(XReadArgs.StreamOffset.from(settings.stream(), "0"), settings.group(),
                    XGroupCreateArgs.Builder.mkstream());
            log.info("Event bus: consumer group {} created on {}", settings.group(), settings.stream());
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
                throw e;
            }
        }
        connected = true;
        connectionProblem = null;
        return redis;
    }

    private void consume(RedisCommands<String, byte[]> redis) {
        Consumer<String> me = Consumer.from(settings.group(), settings.consumer());
        drainOwnPending(redis, me);
        Duration claimEvery = settings.claimIdle().dividedBy(2);
        Instant nextClaim = Instant.now();
        while (running) {
            if (!Instant.now().isBefore(nextClaim)) {
                if (!claim(redis)) {
                    drainOwnPending(redis, me);
                }
                nextClaim = Instant.now().plus(claimEvery);
            }
            List<StreamMessage<String, byte[]>> fresh = redis.xreadgroup(me,
                    XReadArgs.Builder.count(BATCH).block(BLOCK), XReadArgs.StreamOffset.lastConsumed(settings.stream()));
            if (!apply(redis, fresh, Instant.now())) {
                drainOwnPending(redis, me);
            }
        }
    }

    /**
     * The entries delivered to this consumer name and not acknowledged: left by a crash or a lost connection, or the
     * rest of a batch that took too long. Reading them again also tells the group they are being worked on.
     */
    private void drainOwnPending(RedisCommands<String, byte[]> redis, Consumer<String> me) {
        String after = "0";
        while (running) {
            List<StreamMessage<String, byte[]>> own = redis.xreadgroup(me, XReadArgs.Builder.count(BATCH),
                    XReadArgs.StreamOffset.from(settings.stream(), after));
            if (own.isEmpty()) {
                return;
            }
            // Cut short: what is left is read again from the start of the pending list (the rest is acknowledged).
            after = apply(redis, own, Instant.now()) ? own.get(own.size() - 1).getId() : "0";
        }
    }

    /**
     * {@code XAUTOCLAIM}, read raw: its third element, the ids of pending entries that were trimmed away (Redis 7
     * drops them from the pending list as it reports them), is not in Lettuce's typed answer.
     */
    private boolean claim(RedisCommands<String, byte[]> redis) {
        String cursor = "0-0";
        for (int page = 0; page < 10; page++) {
            List<Object> answer = redis.dispatch(CommandType.XAUTOCLAIM, new ArrayOutput<>(CODEC),
                    new CommandArgs<>(CODEC).addKey(settings.stream()).add(settings.group()).add(settings.consumer())
                            .add(settings.claimIdle().toMillis()).add(cursor).add("COUNT").add(BATCH));
            cursor = text(answer.get(0));
            List<StreamMessage<String, byte[]>> claimed = new ArrayList<>();
            for (Object entry : (List<?>) answer.get(1)) {
                List<?> pair = (List<?>) entry;
                claimed.add(new StreamMessage<>(settings.stream(), text(pair.get(0)), body((List<?>) pair.get(1))));
            }
            if (!claimed.isEmpty()) {
                log.info("Event bus: took over {} entries another consumer left pending", claimed.size());
            }
            boolean complete = apply(redis, claimed, Instant.now());
            if (answer.size() > 2) {
                for (Object trimmed : (List<?>) answer.get(2)) {
                    processor.process(text(trimmed), Map.of());
                }
            }
            if (!complete) {
                return false;
            }
            if ("0-0".equals(cursor) || !running) {
                return true;
            }
        }
        return true;
    }

    /**
     * Applies a batch and acknowledges what is done. Entries are decoded in order, then applied on {@link #LANES}
     * lanes: all entries of one learner and course on the same lane, in stream order, so that a "revoked" never
     * overtakes the "created" before it. An entry still waiting when half the claim timeout has passed since the read
     * could be claimed by another instance meanwhile: it is left (false), to be read again from this consumer's
     * pending list, which refreshes it, or is gone to the claimer.
     */
    private boolean apply(RedisCommands<String, byte[]> redis, List<StreamMessage<String, byte[]>> entries,
            Instant readAt) {
        if (entries.isEmpty()) {
            return true;
        }
        Instant stale = readAt.plus(settings.claimIdle().dividedBy(2));
        List<String> done = java.util.Collections.synchronizedList(new ArrayList<>(entries.size()));
        List<List<EventBusEntryProcessor.Ready>> lanes = new ArrayList<>();
        for (int i = 0; i < LANES; i++) {
            lanes.add(new ArrayList<>());
        }
        java.util.concurrent.atomic.AtomicBoolean complete = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
                new java.util.concurrent.atomic.AtomicReference<>();
        try {
            for (StreamMessage<String, byte[]> entry : entries) {
                Map<String, byte[]> body = entry.getBody() == null ? Map.of() : entry.getBody();
                EventBusEntryProcessor.Prepared prepared = processor.prepare(entry.getId(), body);
                if (prepared instanceof EventBusEntryProcessor.Ready ready) {
                    lanes.get(Math.floorMod(ready.key(), LANES)).add(ready);
                } else {
                    done.add(entry.getId());
                }
            }
            List<java.util.concurrent.Future<?>> running = new ArrayList<>();
            for (List<EventBusEntryProcessor.Ready> lane : lanes) {
                if (!lane.isEmpty()) {
                    running.add(lanePool.submit(() -> {
                        for (EventBusEntryProcessor.Ready ready : lane) {
                            if (!this.running || failure.get() != null || Instant.now().isAfter(stale)) {
                                complete.set(false);
                                return;
                            }
                            try {
                                if (processor.apply(ready) == Outcome.APPLIED) {
                                    applied.incrementAndGet();
                                }
                            } catch (RuntimeException e) {
                                failure.compareAndSet(null, e);
                                complete.set(false);
                                return;
                            }
                            done.add(ready.entryId());
                        }
                    }));
                }
            }
            for (java.util.concurrent.Future<?> lane : running) {
                try {
                    lane.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    this.running = false;
                    complete.set(false);
                } catch (java.util.concurrent.ExecutionException e) {
                    failure.compareAndSet(null, new IllegalStateException(e.getCause()));
                }
            }
        } finally {
            if (!done.isEmpty()) {
                redis.xack(settings.stream(), settings.group(), done.toArray(String[]::new));
            }
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return complete.get();
    }

    private static Map<String, byte[]> body(List<?> flat) {
        if (flat == null) {
            return Map.of();
        }
        Map<String, byte[]> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            map.put(text(flat.get(i)), (byte[]) flat.get(i + 1));
        }
        return map;
    }

    private static String text(Object value) {
        return value instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
                : String.valueOf(value);
    }

    private Duration pause(Duration backoff) {
        try {
            long until = System.nanoTime() + backoff.toNanos();
            while (running && System.nanoTime() < until) {
                Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        Duration next = backoff.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    private static void closeQuietly(StatefulRedisConnection<?, ?> c) {
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // Already gone: nothing to release.
            }
        }
    }
}
