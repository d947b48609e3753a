import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closed-loop load driver for the two webfilters: N clients, each posting the next payload as soon as the previous
 * answer arrived, for a fixed duration after a warm-up. Prints one Markdown table row:
 * | clients | seconds | requests | requests/s | p50 ms | p90 ms | p99 ms | max ms | errors | answers |
 *
 * Run with the JDK's source launcher (no build step):
 *   java bench/WebfilterLoad.java render   URL CLIENTS SECONDS WARMUP_SECONDS USERS COURSES
 *   java bench/WebfilterLoad.java creation URL CLIENTS SECONDS WARMUP_SECONDS FIRST_USER_ID COURSES
 * "render" views random learners' certificates; "creation" asks for a new learner's certificate with every request
 * (the costly path: a row, its history line and its background work are written).
 */
public class WebfilterLoad {

    private static final java.util.concurrent.atomic.AtomicLong NEXT_USER = new java.util.concurrent.atomic.AtomicLong();

    public static void main(String[] args) throws Exception {
        if (args.length != 7 || !(args[0].equals("render") || args[0].equals("creation"))) {
            System.err.println("usage: java WebfilterLoad.java render|creation URL CLIENTS SECONDS WARMUP_SECONDS "
                    + "USERS|FIRST_USER_ID COURSES");
            System.exit(2);
        }
        boolean creation = args[0].equals("creation");
        URI url = URI.create(args[1]);
        int clients = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int users = Integer.parseInt(args[5]);
        int courses = Integer.parseInt(args[6]);
        NEXT_USER.set(users);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicBoolean measuring = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        Client[] workers = new Client[clients];
        CountDownLatch done = new CountDownLatch(clients);
        for (int i = 0; i < clients; i++) {
            workers[i] = new Client(creation, http, url, users, courses, measuring, running, done);
            Thread thread = new Thread(workers[i], "client-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        Thread.sleep(warmup * 1000L);
        long start = System.nanoTime();
        measuring.set(true);
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long elapsedNanos = System.nanoTime() - start;
        running.set(false);
        done.await();

        int total = 0;
        long errors = 0;
        Map<String, Long> answers = new HashMap<>();
        for (Client c : workers) {
            total += c.count;
            errors += c.errors;
            c.answers.forEach((k, v) -> answers.merge(k, v, Long::sum));
        }
        long[] all = new long[total];
        int offset = 0;
        for (Client c : workers) {
            System.arraycopy(c.latencies, 0, all, offset, c.count);
            offset += c.count;
        }
        Arrays.sort(all);
        double secondsMeasured = elapsedNanos / 1e9;
        StringBuilder mix = new StringBuilder();
        int measured = total;
        answers.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> mix.append(mix.length() == 0 ? "" : ", ")
                        .append(e.getKey()).append(' ').append(Math.round(100.0 * e.getValue() / Math.max(1, measured)))
                        .append('%'));
        System.out.printf("| %d | %.0f | %d | %.0f | %.2f | %.2f | %.2f | %.1f | %d | %s |%n", clients, secondsMeasured,
                total, total / secondsMeasured, ms(all, 0.50), ms(all, 0.90), ms(all, 0.99),
                all.length == 0 ? 0.0 : all[all.length - 1] / 1e6, errors, mix);
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    static final class Client implements Runnable {
        private final boolean creation;
        private final HttpClient http;
        private final URI url;
        private final int users;
        private final int courses;
        private final AtomicBoolean measuring;
        private final AtomicBoolean running;
        private final CountDownLatch done;
        long[] latencies = new long[1 << 16];
        int count;
        long errors;
        final Map<String, Long> answers = new HashMap<>();

        Client(boolean creation, HttpClient http, URI url, int users, int courses, AtomicBoolean measuring,
                AtomicBoolean running, CountDownLatch done) {
            this.creation = creation;
            this.http = http;
            this.url = url;
            this.users = users;
            this.courses = courses;
            this.measuring = measuring;
            this.running = running;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                while (running.get()) {
                    String body;
                    if (creation) {
                        long user = NEXT_USER.incrementAndGet();
                        body = creationPayload(user, user % courses);
                    } else {
                        // 10 % more user ids than certificates: some views find no certificate, as in real life.
                        long user = 1 + ThreadLocalRandom.current().nextLong(users + users / 10);
                        body = payload(user, user % courses);
                    }
                    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long t0 = System.nanoTime();
                    String kind;
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        kind = response.statusCode() != 200 ? "http" + response.statusCode() : kind(response.body());
                    } catch (Exception e) {
                        kind = "error";
                    }
                    long latency = System.nanoTime() - t0;
                    if (measuring.get()) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = latency;
                        answers.merge(kind, 1L, Long::sum);
                        if (kind.startsWith("http") || kind.equals("error")) {
                            errors++;
                        }
                    }
                }
            } finally {
                done.countDown();
            }
        }

        private static String kind(String body) {
            if (body.equals("{}")) {
                return "{}";
            }
            if (body.contains("\"RenderCustomResponse\"")) {
                return body.contains("http-equiv=\\\"refresh\\\"") || body.contains("id=\\\"status-heading\\\"")
                        ? "status page" : "certificate page";
            }
            if (body.contains("RenderAlternativeInvalidCertificate")) {
                return "invalid";
            }
            return body.contains("RedirectToPage") ? "redirect" : "other";
        }

        /** The shape and size of a real "certificate creation requested" payload (password hash included). */
        private static String creationPayload(long user, long course) {
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

        /** The shape and size of a real Open edX render context (display strings included). */
        private static String payload(long user, long course) {
            return """
                    {"context": {"course_id": "course-v1:Bench+C%d+2025", "accomplishment_user_id": %d,
                      "accomplishment_copy_name": "Learner %d", "username": "user%d", "user_language": "es",
                      "platform_name": "Example Learning", "document_title": "Example Learning Certificate | Bench",
                      "logo_src": "/static/images/logo.png", "course_mode": "verified",
                      "certificate_id_number": "2f1c9a0e5b7d4c3e8f1a2b3c4d5e6f70",
                      "certificate_verify_url": "https://lms.example.org/certificates/2f1c9a0e5b7d4c3e8f1a2b3c4d5e6f70",
                      "certificate_date_issued": "June 1, 2025", "accomplishment_copy_course_name": "Bench course",
                      "accomplishment_copy_course_org": "Bench", "organization_long_name": "Bench University",
                      "organization_short_name": "Bench", "accomplishment_copy_about": "About Example Learning",
                      "accomplishment_banner_opening": "Congratulations, Learner!",
                      "accomplishment_banner_congrats": "You worked hard to earn your certificate!",
                      "company_about_title": "About Example Learning", "company_privacy_title": "Privacy Policy",
                      "company_tos_title": "Terms of Service & Honor Code",
                      "certificate_data": {"course_title": "Bench course %d", "signatories": [
                        {"name": "Dr. Rivera", "title": "Professor", "organization": "Bench University"}]}},
                     "custom_template": null, "completion_summary": {"complete_count": 40, "incomplete_count": 0},
                     "event_metadata": {"event_type": "CertificateRenderStarted", "time": "2025-06-01 14:03:00.123456"}}
                    """.formatted(course, user, user, user, course);
        }
    }
}
