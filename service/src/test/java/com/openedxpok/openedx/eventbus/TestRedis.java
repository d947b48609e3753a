package com.openedxpok.openedx.eventbus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;

/**
 * A plain client of a real Redis server for the tests: writes entries the way Open edX's producer does (fields as
 * bytes, {@code MAXLEN ~ 10000}), plays a consumer that dies, and deletes the streams it was told about.
 */
final class TestRedis implements AutoCloseable {

    static final String SHARED = "redis://127.0.0.1:6379";

    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final List<String> streams = new ArrayList<>();

    TestRedis(String url) {
        client = RedisClient.create(url);
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    }

    RedisCommands<String, byte[]> redis() {
        return connection.sync();
    }

    /** A stream name no other test or helper uses; deleted on {@link #close()}. */
    String newPrefix() {
        String prefix = "pok-test-" + UUID.randomUUID();
        streams.add(prefix + "-learning-certificate-lifecycle");
        return prefix;
    }

    void forget(String stream) {
        streams.add(stream);
    }

    String xadd(String stream, Map<String, byte[]> fields) {
        // The producer's own XADD: MAXLEN ~ 10000 *, fields in its order (a LinkedHashMap keeps it).
        return redis().xadd(stream, XAddArgs.Builder.maxlen(10_000).approximateTrimming(), fields);
    }

    /** The group, from the stream's first entry, as the consumer creates it. */
    void createGroup(String stream, String group) {
        redis().xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), group,
                io.lettuce.core.XGroupCreateArgs.Builder.mkstream());
    }

    /** A consumer that reads entries and dies before acknowledging them (the group must exist). */
    List<String> readAndDie(String stream, String group, String consumer, int count) {
        List<StreamMessage<String, byte[]>> read = redis().xreadgroup(Consumer.from(group, consumer),
                XReadArgs.Builder.count(count), XReadArgs.StreamOffset.lastConsumed(stream));
        return read.stream().map(StreamMessage::getId).toList();
    }

    long pending(String stream, String group) {
        return redis().xpending(stream, group).getCount();
    }

    @Override
    public void close() {
        for (String stream : streams) {
            redis().del(stream);
        }
        connection.close();
        client.shutdown();
    }
}
