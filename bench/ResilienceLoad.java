import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load driver of the resilience benchmark: asks the creation webfilter for exactly COUNT learners' certificates
 * (user ids FIRST_USER…, one course each) from CLIENTS closed-loop clients, at most RATE requests per second (0: no
 * limit). A request that was not answered 200 {} (service killed, database down) is sent again until it is, as the
 * certificate.created webhook gives Open edX's certificate a second chance; every answer is written down, so that the
 * benchmark can tell "Open edX was told OK" from "Open edX saw an error".
 *
 *   java bench/ResilienceLoad.java URL FIRST_USER COUNT CLIENTS RATE COURSES OUT_PREFIX DEADLINE_SECONDS
 *
 * Writes OUT_PREFIX-ok.txt (user id, epoch ms of the answer, latency ms, attempts) and OUT_PREFIX-errors.txt (epoch
 * ms, user id, kind, latency ms, the first 200 characters of the answer's body); prints "progress ok=… errors=…" every second and a final "summary …" line.
 */
public class ResilienceLoad {

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: java ResilienceLoad.java URL FIRST_USER COUNT CLIENTS RATE COURSES OUT_PREFIX "
                    + "DEADLINE_SECONDS");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        long firstUser = Long.parseLong(args[1]);
        int count = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        double rate = Double.parseDouble(args[4]);
        int courses = Integer.parseInt(args[5]);
        String out = args[6];
        long deadline = System.currentTimeMillis() + Long.parseLong(args[7]) * 1000;

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicLong nextIndex = new AtomicLong();
        AtomicLong nextSlotNanos = new AtomicLong(System.nanoTime());
        long intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
        List<String> okLines = Collections.synchronizedList(new ArrayList<>(count));
        List<String> errorLines = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
        AtomicLong ok = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong gaveUp = new AtomicLong();
        long started = System.currentTimeMillis();

        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                long index;
                while ((index = nextIndex.getAndIncrement()) < count) {
                    long user = firstUser + index;
                    String body = payload(user, user % courses);
                    int attempt = 0;
                    long pause = 200;
                    while (true) {
                        if (System.currentTimeMillis() > deadline) {
                            gaveUp.incrementAndGet();
                            break;
                        }
                        attempt++;
                        if (intervalNanos > 0) {
                            long slot = nextSlotNanos.getAndAdd(intervalNanos);
                            long wait = slot - System.nanoTime();
                            if (wait > 0) {
                                sleep(wait / 1_000_000);
                            } else if (wait < -1_000_000_000L) {
                                // Do not bank a burst after a stall (service restarting): pace from now on.
                                nextSlotNanos.set(System.nanoTime() + intervalNanos);
                            }
                        }
                        sent.incrementAndGet();
                        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        long t0 = System.nanoTime();
                        String kind;
                        String answer = "";
                        try {
                            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            kind = response.statusCode() != 200 ? "http " + response.statusCode()
                                    : response.body().equals("{}") ? null : "200 with an unexpected body";
                            answer = response.body().replaceAll("\\s+", " ");
                            answer = answer.substring(0, Math.min(200, answer.length()));
                        } catch (ConnectException e) {
                            kind = "connection refused";
                        } catch (HttpTimeoutException e) {
                            kind = "no answer within 30 s";
                        } catch (IOException e) {
                            kind = "connection closed without an answer";
                        } catch (InterruptedException e) {
                            return;
                        }
                        long latencyMs = (System.nanoTime() - t0) / 1_000_000;
                        long now = System.currentTimeMillis();
                        if (kind == null) {
                            ok.incrementAndGet();
                            okLines.add(user + " " + now + " " + latencyMs + " " + attempt);
                            break;
                        }
                        errorKinds.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
                        errorLines.add(now + " " + user + " " + kind.replace(' ', '_') + " " + latencyMs + " " + answer);
                        sleep(pause);
                        pause = Math.min(2000, pause * 2);
                    }
                }
            }, "client-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        Thread progress = new Thread(() -> {
            while (true) {
                sleep(1000);
                System.out.println("progress ok=" + ok.get() + " errors=" + errorLines.size() + " sent=" + sent.get());
            }
        }, "progress");
        progress.setDaemon(true);
        progress.start();
        for (Thread t : threads) {
            t.join();
        }
        long seconds = Math.max(1, (System.currentTimeMillis() - started) / 1000);
        Files.write(Path.of(out + "-ok.txt"), new ArrayList<>(okLines));
        Files.write(Path.of(out + "-errors.txt"), new ArrayList<>(errorLines));
        Map<String, Long> kinds = new TreeMap<>();
        errorKinds.forEach((k, v) -> kinds.put(k, v.get()));
        StringBuilder kindText = new StringBuilder();
        kinds.forEach((k, v) -> kindText.append(kindText.length() == 0 ? "" : ", ").append(k).append(": ").append(v));
        System.out.println("progress ok=" + ok.get() + " errors=" + errorLines.size() + " sent=" + sent.get());
        try (PrintWriter summary = new PrintWriter(System.out)) {
            summary.printf("summary learners=%d ok=%d sent=%d errors=%d gave_up=%d seconds=%d kinds=%s%n", count,
                    ok.get(), sent.get(), errorLines.size(), gaveUp.get(), seconds,
                    kindText.length() == 0 ? "none" : kindText.toString().replace(' ', '_'));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shape and size of a real "certificate creation requested" payload (password hash included). */
    private static String payload(long user, long course) {
        return """
                {"user": {"id": %d, "username": "user%d", "email": "user%d@example.org", "first_name": "",
                          "last_name": "", "password": "pbkdf2_sha256$600000$bench$AAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                          "is_staff": false, "is_superuser": false, "is_active": true,
                          "last_login": "2025-06-01 14:03:00.123456+00:00",
                          "date_joined": "2024-01-01 10:00:00+00:00"},
                 "profile": {"id": %d, "user_id": %d, "name": "Learner Number %d", "language": "es",
                             "country": "AR", "year_of_birth": 1990, "gender": "f", "mailing_address": "",
                             "city": "Córdoba", "goals": "", "bio": ""},
                 "course_key": "course-v1:Bench+C%d+2025", "mode": "verified", "status": "downloadable",
                 "grade": {"percent": 0.87, "passed": true, "letter_grade": "Pass"},
                 "generation_mode": "batch",
                 "completion_summary": {"complete_count": 40, "incomplete_count": 0, "locked_count": 0},
                 "event_metadata": {"event_type": "CertificateCreationRequested",
                                    "time": "2025-06-01 14:03:00.123456"}}
                """.formatted(user, user, user, user, user, user, course);
    }
}
