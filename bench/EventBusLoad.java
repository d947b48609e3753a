import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Open edX side of the event-bus benchmark, with no dependency (plain RESP over a socket, Avro written by hand the
 * way fastavro's schemaless_writer does for CertificateData): writes "certificate created" entries as
 * edx_event_bus_redis does (XADD MAXLEN ~ 10000 *, the same fields), and watches the consumer group's lag
 * (XINFO GROUPS: pending + lag).
 *
 *   java bench/EventBusLoad.java backlog HOST PORT STREAM FIRST_USER COUNT COURSE
 *   java bench/EventBusLoad.java lag     HOST PORT STREAM GROUP
 *   java bench/EventBusLoad.java drain   HOST PORT STREAM GROUP TOTAL TIMEOUT_S
 *   java bench/EventBusLoad.java live    HOST PORT STREAM GROUP FIRST_USER COUNT RATE COURSE
 */
public class EventBusLoad {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        String stream = args[3];
        switch (mode) {
            case "backlog" -> backlog(host, port, stream, Long.parseLong(args[4]), Integer.parseInt(args[5]), args[6]);
            case "lag" -> {
                try (Resp redis = new Resp(host, port)) {
                    System.out.println(lag(redis, stream, args[4]));
                }
            }
            case "drain" -> drain(host, port, stream, args[4], Long.parseLong(args[5]), Integer.parseInt(args[6]));
            case "live" -> live(host, port, stream, args[4], Long.parseLong(args[5]), Integer.parseInt(args[6]),
                    Integer.parseInt(args[7]), args[8]);
            default -> throw new IllegalArgumentException(mode);
        }
    }

    /** Prints: seconds to write them. */
    static void backlog(String host, int port, String stream, long firstUser, int count, String course)
            throws IOException {
        try (Resp redis = new Resp(host, port)) {
            long t0 = System.nanoTime();
            for (int done = 0; done < count; done += 500) {
                int n = Math.min(500, count - done);
                for (int i = 0; i < n; i++) {
                    redis.send(xadd(stream, firstUser + done + i, course));
                }
                for (int i = 0; i < n; i++) {
                    redis.read();
                }
            }
            System.out.printf("backlog %d %.2f%n", count, (System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * Waits for the group to exist and its lag to start falling, then until it is 0. Prints: seconds from the first
     * applied entry to the last, entries per second, and the lag every 30 s.
     */
    static void drain(String host, int port, String stream, String group, long total, int timeoutSeconds)
            throws Exception {
        try (Resp redis = new Resp(host, port)) {
            long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
            long started = -1;
            long lastSample = 0;
            StringBuilder samples = new StringBuilder();
            while (System.nanoTime() < deadline) {
                long lag = lag(redis, stream, group);
                long now = System.nanoTime();
                if (started < 0 && lag >= 0 && lag < total) {
                    started = now;
                    lastSample = now;
                    samples.append("0:").append(lag);
                }
                if (started >= 0 && now - lastSample >= 30_000_000_000L) {
                    lastSample = now;
                    samples.append(' ').append(Math.round((now - started) / 1e9)).append(':').append(lag);
                }
                if (started >= 0 && lag == 0) {
                    double seconds = (now - started) / 1e9;
                    System.out.printf("drain %.2f %.0f %s%n", seconds, total / seconds, samples);
                    return;
                }
                Thread.sleep(20);
            }
            System.out.println("drain timeout");
            System.exit(1);
        }
    }

    /** Writes at a fixed rate while sampling the lag every 50 ms. Prints: max lag, mean lag, ms to 0 after the last write. */
    static void live(String host, int port, String stream, String group, long firstUser, int count, int rate,
            String course) throws Exception {
        List<Long> lags = new ArrayList<>();
        long[] maxLag = {0};
        Thread writer = new Thread(() -> {
            try (Resp redis = new Resp(host, port)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    long due = t0 + (long) (i * 1e9 / rate);
                    while (System.nanoTime() < due) {
                        Thread.onSpinWait();
                    }
                    redis.send(xadd(stream, firstUser + i, course));
                    redis.read();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        try (Resp redis = new Resp(host, port)) {
            writer.start();
            while (writer.isAlive()) {
                long lag = lag(redis, stream, group);
                lags.add(lag);
                maxLag[0] = Math.max(maxLag[0], lag);
                Thread.sleep(50);
            }
            long end = System.nanoTime();
            long lag;
            while ((lag = lag(redis, stream, group)) != 0) {
                maxLag[0] = Math.max(maxLag[0], lag);
                Thread.sleep(5);
            }
            double mean = lags.stream().mapToLong(Long::longValue).average().orElse(0);
            System.out.printf("live %d %d %d %.1f %.0f%n", count, rate, maxLag[0], mean, (System.nanoTime() - end) / 1e6);
        }
    }

    /** pending + lag of the group; -1 while the group does not exist. */
    static long lag(Resp redis, String stream, String group) throws IOException {
        redis.send(List.of(b("XINFO"), b("GROUPS"), b(stream)));
        Object reply = redis.read();
        if (!(reply instanceof List<?> groups)) {
            return -1;
        }
        for (Object g : groups) {
            List<?> fields = (List<?>) g;
            String name = null;
            long pending = 0;
            Long lag = null;
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                String key = text(fields.get(i));
                Object value = fields.get(i + 1);
                switch (key) {
                    case "name" -> name = text(value);
                    case "pending" -> pending = (Long) value;
                    case "lag" -> lag = value instanceof Long l ? l : null;
                    default -> { }
                }
            }
            if (group.equals(name)) {
                return lag == null ? -1 : pending + lag;
            }
        }
        return -1;
    }

    static List<byte[]> xadd(String stream, long user, String course) {
        List<byte[]> command = new ArrayList<>();
        for (String part : new String[] {"XADD", stream, "MAXLEN", "~", "10000", "*",
                "type", "org.openedx.learning.certificate.created.v1", "id", UUID.randomUUID().toString(),
                "source", "openedx/lms/web", "time", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).toString(),
                "minorversion", "0", "sourcehost", "bench", "sourcelib", "11.2.0", "event_data"}) {
            command.add(b(part));
        }
        command.add(certificateData(user, course));
        return command;
    }

    /** CloudEvent{certificate: CertificateData} in Avro binary, fields in the schema's order. */
    static byte[] certificateData(long user, String course) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeLong(out, user);
        out.write(1); // is_active
        writeString(out, "learner" + user);
        writeString(out, "learner" + user + "@example.org");
        writeString(out, "Learner Número " + user);
        writeString(out, course);
        writeString(out, "");
        out.write(0); // start: null
        out.write(0); // end: null
        writeString(out, "verified");
        writeString(out, "0.87");
        writeString(out, "");
        writeString(out, "");
        writeString(out, "downloadable");
        writeString(out, "");
        return out.toByteArray();
    }

    static void writeLong(ByteArrayOutputStream out, long value) {
        long n = (value << 1) ^ (value >> 63);
        while ((n & ~0x7FL) != 0) {
            out.write((int) ((n & 0x7F) | 0x80));
            n >>>= 7;
        }
        out.write((int) n);
    }

    static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = b(text);
        writeLong(out, bytes.length);
        out.writeBytes(bytes);
    }

    static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    /** Just enough RESP2: arrays of bulk strings out; simple strings, errors, integers, bulk strings, arrays in. */
    static final class Resp implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Resp(String host, int port) throws IOException {
            socket = new Socket(host, port);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
        }

        void send(List<byte[]> command) throws IOException {
            out.write(b("*" + command.size() + "\r\n"));
            for (byte[] part : command) {
                out.write(b("$" + part.length + "\r\n"));
                out.write(part);
                out.write(b("\r\n"));
            }
        }

        Object read() throws IOException {
            out.flush();
            int type = in.read();
            String line = line();
            return switch (type) {
                case '+' -> line;
                case '-' -> new IOException(line);
                case ':' -> Long.parseLong(line);
                case '$' -> {
                    int length = Integer.parseInt(line);
                    if (length < 0) {
                        yield null;
                    }
                    byte[] bytes = in.readNBytes(length);
                    in.readNBytes(2);
                    yield bytes;
                }
                case '*' -> {
                    int length = Integer.parseInt(line);
                    List<Object> items = new ArrayList<>();
                    for (int i = 0; i < length; i++) {
                        items.add(read());
                    }
                    yield length < 0 ? null : items;
                }
                default -> throw new IOException("unexpected reply type " + type);
            };
        }

        private String line() throws IOException {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\r') {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                buffer.write(c);
            }
            in.read();
            return buffer.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
