package com.openedxpok.openedx.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openedxpok.admin.ConsoleSession;
import com.openedxpok.config.Secret;
import com.openedxpok.config.ServiceConfig;
import com.openedxpok.coursetemplate.CourseTemplateRepository;
import com.openedxpok.certificate.Certificate;
import com.openedxpok.certificate.CertificateEvent;
import com.openedxpok.certificate.CertificateEventRepository;
import com.openedxpok.certificate.CertificateRepository;
import com.openedxpok.certificate.CertificateStatus;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.openedx.eventbus.EventBusActivity.Outcome;
import com.openedxpok.kernel.EmissionType;
import com.openedxpok.testsupport.TestPok;

/**
 * The consumer against the Redis server on this machine, the whole service in demo mode behind it (the simulator as
 * POK): the producer's captured entries written byte for byte, a backlog written while the service was stopped, two
 * instances in one group, a crashed instance's pending entries, a trimmed pending entry, poison entries, and Redis
 * going away. Each test has streams of its own, deleted after it.
 */
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"pok.simulator-emit-delay=0ms", "openedx.event-bus-redis-url=" + TestRedis.SHARED,
        "openedx.event-bus-claim-idle=2s", "openedx.event-bus-consumer=context-consumer"})
class EventBusConsumerTest {

    static final String FIXTURE_COURSE = "course-v1:ExampleU+CS101+2026_T2";
    static final String OLD_KEY_COURSE = "ExampleU/CS102/2025";
    static final String BULK_COURSE = "course-v1:EventBus+Bulk+2026";
    private static final TestRedis REDIS = new TestRedis(TestRedis.SHARED);
    /** The stream the context's own consumer reads. */
    private static final String CONTEXT_PREFIX = REDIS.newPrefix();
    private static long nextUser = 500_000;

    @DynamicPropertySource
    static void eventBus(DynamicPropertyRegistry registry) {
        registry.add("openedx.event-bus-topic-prefix", () -> CONTEXT_PREFIX);
    }

    @LocalServerPort
    int port;
    @Autowired
    ServiceConfig config;
    @Autowired
    EventBusService service;
    @Autowired
    EventBusEntryProcessor processor;
    @Autowired
    EventBusActivity activity;
    @Autowired
    CertificateRepository certificates;
    @Autowired
    CertificateEventRepository history;
    @Autowired
    CourseTemplateRepository templates;

    private final List<RedisStreamConsumer> started = new ArrayList<>();
    private final TestRedis redis = new TestRedis(TestRedis.SHARED);

    @BeforeEach
    void enableCourses() {
        for (String course : List.of(FIXTURE_COURSE, OLD_KEY_COURSE, BULK_COURSE)) {
            TestPok.enableDemoTemplate(templates, CourseKey.parse(course), EmissionType.POK, "Event bus course",
                    TestPok.GRADE);
        }
    }

    @AfterEach
    void stopConsumers() {
        started.forEach(RedisStreamConsumer::stop);
        redis.close();
    }

    @AfterAll
    static void deleteContextStream() {
        REDIS.close();
    }

    @Test
    void theProducersEntriesWrittenByteForByteHaveTheirEffects() {
        String stream = config.eventBus().stream();
        for (String file : EventBusFixtures.FILES) {
            REDIS.xadd(stream, EventBusFixtures.load(file).fields());
        }

        // 01 created then 02 revoked: user 42's certificate ends REVOKED, and POK's credential is to revoke there.
        Certificate ana = await().atMost(Duration.ofSeconds(60)).until(
                () -> certificate(42, FIXTURE_COURSE), c -> c != null && c.status() == CertificateStatus.REVOKED);
        assertThat(ana.learner().name()).isEqualTo("Ana García López");
        assertThat(ana.learner().email()).isEqualTo("ana.garcia@example.org");
        assertThat(history.history(ana.id())).extracting(CertificateEvent::detail).contains("event: certificate created");
        assertThat(history.history(ana.id())).extracting(CertificateEvent::kind).doesNotContain("PASSING_AFTER_REVOKE");
        // 03: a name whose Avro bytes are not UTF-8 text arrives whole.
        Certificate li = await().atMost(Duration.ofSeconds(60)).until(
                () -> certificate(88, FIXTURE_COURSE), c -> c != null && c.status() == CertificateStatus.EMITTED);
        assertThat(li.learner().name()).isEqualTo("李小龙");
        assertThat(li.learner().grade()).isEqualByComparingTo("0.87");
        // 04: the old course key is a course of its own.
        Certificate old = await().atMost(Duration.ofSeconds(60)).until(
                () -> certificate(42, OLD_KEY_COURSE), c -> c != null && c.status() == CertificateStatus.EMITTED);
        assertThat(old.courseKey().toString()).isEqualTo(OLD_KEY_COURSE);

        await().atMost(Duration.ofSeconds(10)).until(() -> REDIS.pending(stream, config.eventBus().group()) == 0);
        assertThat(service.status().connected()).isTrue();
        assertThat(service.status().lag()).hasValue(0);
        assertThat(service.status().lastEventAt()).isPresent();
    }

    @Test
    void theDashboardShowsTheBusAndTheEntriesItCouldNotApply() {
        String stream = config.eventBus().stream();
        Map<String, byte[]> poison = created(users(1).get(0));
        poison.put("event_data", new byte[] {0x02});
        String poisonId = REDIS.xadd(stream, poison);
        List<Long> good = users(1);
        REDIS.xadd(stream, created(good.get(0)));
        await().atMost(Duration.ofSeconds(30)).until(() -> certificate(good.get(0), BULK_COURSE) != null
                && REDIS.pending(stream, config.eventBus().group()) == 0);

        String page = ConsoleSession.loggedIn(port, "admin", "admin-test-password").get("/admin").body();

        assertThat(page).contains("id=\"event-bus\"").contains(stream);
        assertThat(between(page, "id=\"event-bus-state\"", "<")).contains("connected").doesNotContain("not");
        assertThat(between(page, "id=\"event-bus-lag\"", "<")).isEqualTo(">0");
        assertThat(between(page, "id=\"event-bus-errors\"", "<")).matches(".*>[1-9][0-9]*");
        assertThat(page).contains(poisonId).contains("event_data is not a org.openedx.learning.certificate.created.v1");
        assertThat(between(page, "id=\"event-bus-last\"", "<")).doesNotContain("none");
    }

    private static String between(String page, String start, String end) {
        int from = page.indexOf(start);
        assertThat(from).as(start).isNotNegative();
        int to = page.indexOf(end, from + start.length());
        return page.substring(from + start.length(), to).strip();
    }

    @Test
    void aBacklogWrittenWhileTheServiceWasStoppedIsAppliedOnceWhenItStarts() {
        String stream = config.eventBus().stream();
        service.stop();
        assertThat(service.status().connected()).isFalse();
        long appliedBefore = activity.count(Outcome.APPLIED);
        long duplicatesBefore = activity.count(Outcome.DUPLICATE);
        List<Long> users = users(500);
        for (long user : users) {
            REDIS.xadd(stream, created(user));
        }
        assertThat(certificate(users.get(0), BULK_COURSE)).isNull();

        service.start();

        await().atMost(Duration.ofSeconds(120)).until(() -> activity.count(Outcome.APPLIED) - appliedBefore >= 500);
        await().atMost(Duration.ofSeconds(10)).until(() -> REDIS.pending(stream, config.eventBus().group()) == 0);
        assertThat(activity.count(Outcome.APPLIED) - appliedBefore).isEqualTo(500);
        assertThat(activity.count(Outcome.DUPLICATE) - duplicatesBefore).isZero();
        assertAppliedOnce(users);
    }

    @Test
    void twoInstancesInOneGroupApplyEachEntryOnce() {
        String prefix = redis.newPrefix();
        RedisStreamConsumer first = consumer(prefix, "instance-1");
        RedisStreamConsumer second = consumer(prefix, "instance-2");
        String stream = settings(prefix, "x").stream();
        await().atMost(Duration.ofSeconds(10)).until(() -> first.connected() && second.connected());
        long duplicatesBefore = activity.count(Outcome.DUPLICATE);
        List<Long> users = users(500);
        for (long user : users) {
            redis.xadd(stream, created(user));
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> first.applied() + second.applied() >= 500);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "openedx-pok") == 0);
        assertThat(first.applied() + second.applied()).isEqualTo(500);
        assertThat(activity.count(Outcome.DUPLICATE) - duplicatesBefore).isZero();
        assertThat(redis.redis().xinfoConsumers(stream, "openedx-pok")).hasSize(2);
        assertAppliedOnce(users);
    }

    @Test
    void eachLearnersEventsAreAppliedInStreamOrder() {
        String prefix = redis.newPrefix();
        String stream = settings(prefix, "x").stream();
        List<Long> users = users(200);
        for (long user : users) {
            redis.xadd(stream, created(user));
            redis.xadd(stream, EventBusFixtures.entry(EventBusFixtures.REVOKED, UUID.randomUUID().toString(), user,
                    BULK_COURSE));
        }

        RedisStreamConsumer consumer = consumer(prefix, "instance-1");

        await().atMost(Duration.ofSeconds(120)).until(() -> consumer.applied() == 400);
        // A revocation that found its certificate being submitted to POK is applied once the submission is over.
        await().atMost(Duration.ofSeconds(60)).until(() -> users.stream().allMatch(
                user -> certificate(user, BULK_COURSE).status() == CertificateStatus.REVOKED));
        for (long user : users) {
            Certificate certificate = certificate(user, BULK_COURSE);
            // A "revoked" applied before its "created" would leave a tombstone and a PASSING_AFTER_REVOKE note.
            assertThat(history.history(certificate.id())).extracting(CertificateEvent::kind).as("user " + user)
                    .contains("REQUESTED").doesNotContain("PASSING_AFTER_REVOKE");
        }
    }

    @Test
    void entriesACrashedInstanceLeftPendingAreTakenOver() {
        String prefix = redis.newPrefix();
        String stream = settings(prefix, "x").stream();
        redis.createGroup(stream, "openedx-pok");
        List<Long> users = users(20);
        for (long user : users) {
            redis.xadd(stream, created(user));
        }
        assertThat(redis.readAndDie(stream, "openedx-pok", "crashed-instance", 20)).hasSize(20);
        assertThat(redis.pending(stream, "openedx-pok")).isEqualTo(20);

        RedisStreamConsumer survivor = consumer(prefix, "survivor");

        await().atMost(Duration.ofSeconds(30)).until(() -> survivor.applied() == 20);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "openedx-pok") == 0);
        assertAppliedOnce(users);
    }

    @Test
    void aPendingEntryTrimmedAwayIsReportedAndHoldsNothingUp() {
        String prefix = redis.newPrefix();
        String stream = settings(prefix, "x").stream();
        redis.createGroup(stream, "openedx-pok");
        List<Long> users = users(4);
        List<String> ids = new ArrayList<>();
        for (long user : users) {
            ids.add(redis.xadd(stream, created(user)));
        }
        // Two instances read two entries each and die; Redis then trims the oldest entry of each (MAXLEN does that
        // whatever the groups hold).
        redis.readAndDie(stream, "openedx-pok", "crashed-instance", 2);
        redis.readAndDie(stream, "openedx-pok", "restarting-instance", 2);
        redis.redis().xdel(stream, ids.get(0), ids.get(2));
        long trimmedBefore = activity.count(Outcome.TRIMMED);

        // The one that restarts under its name finds its trimmed entry; another instance claims the rest.
        RedisStreamConsumer restarted = consumer(prefix, "restarting-instance");
        RedisStreamConsumer other = consumer(prefix, "other-instance");

        await().atMost(Duration.ofSeconds(30)).until(() -> restarted.applied() + other.applied() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "openedx-pok") == 0);
        assertThat(activity.count(Outcome.TRIMMED) - trimmedBefore).isEqualTo(2);
        assertThat(activity.problems()).extracting(EventBusActivity.Problem::entryId).contains(ids.get(0), ids.get(2));
        assertThat(certificate(users.get(1), BULK_COURSE)).isNotNull();
        assertThat(certificate(users.get(3), BULK_COURSE)).isNotNull();
        assertThat(certificate(users.get(0), BULK_COURSE)).isNull();
    }

    @Test
    void poisonEntriesAreReportedAndTheGoodOnesBehindThemApplied() {
        String prefix = redis.newPrefix();
        String stream = settings(prefix, "x").stream();
        long undecodableBefore = activity.count(Outcome.UNDECODABLE);
        long unknownBefore = activity.count(Outcome.UNKNOWN_TYPE);
        Map<String, byte[]> badAvro = created(users(1).get(0));
        badAvro.put("event_data", new byte[] {0x54, 0x01, 0x7f, 0x00});
        String badId = redis.xadd(stream, badAvro);
        Map<String, byte[]> unknown = created(users(1).get(0));
        unknown.put("type", EventBusFixtures.bytes("org.openedx.learning.course.enrollment.created.v1"));
        String unknownId = redis.xadd(stream, unknown);
        Map<String, byte[]> noData = created(users(1).get(0));
        noData.remove("event_data");
        redis.xadd(stream, noData);
        List<Long> good = users(3);
        for (long user : good) {
            redis.xadd(stream, created(user));
        }

        RedisStreamConsumer consumer = consumer(prefix, "instance-1");

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.applied() == 3);
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.pending(stream, "openedx-pok") == 0);
        assertThat(activity.count(Outcome.UNDECODABLE) - undecodableBefore).isEqualTo(2);
        assertThat(activity.count(Outcome.UNKNOWN_TYPE) - unknownBefore).isEqualTo(1);
        assertThat(activity.problems()).extracting(EventBusActivity.Problem::entryId).contains(badId, unknownId);
        assertAppliedOnce(good);
    }

    @Test
    void aKilledConnectionIsMadeAgainAndConsumingGoesOn() {
        String prefix = redis.newPrefix();
        String stream = settings(prefix, "x").stream();
        RedisStreamConsumer consumer = consumer(prefix, "killed-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(10)).until(consumer::connected);
        List<Long> before = users(3);
        before.forEach(user -> redis.xadd(stream, created(user)));
        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.applied() == 3);
        long reconnects = reconnects();

        // CLIENT KILL on the consumer's own connection (named after it), as a Redis restart would do.
        String list = redis.redis().clientList();
        long killed = list.lines().filter(l -> l.contains("name=openedx-pok-" + consumerName(consumer)))
                .map(l -> l.replaceAll(".*\\bid=(\\d+).*", "$1")).mapToLong(id -> redis.redis().clientKill(
                        io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)))).sum();
        assertThat(killed).isPositive();
        List<Long> after = users(3);
        after.forEach(user -> redis.xadd(stream, created(user)));

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.applied() == 6);
        assertThat(reconnects()).isGreaterThan(reconnects);
        assertThat(consumer.connected()).isTrue();
        assertAppliedOnce(after);
    }

    @Test
    void aRedisServerThatStopsAndComesBackIsReconnectedTo() throws Exception {
        Path redisServer = Path.of("/usr/bin/redis-server");
        assertThat(Files.isExecutable(redisServer)).as("redis-server is installed (apt-get install redis-server)")
                .isTrue();
        int port = freePort();
        String url = "redis://127.0.0.1:" + port;
        Process server = startRedis(redisServer, port);
        try {
            String prefix = "pok-test-" + UUID.randomUUID();
            RedisStreamConsumer consumer = started(new RedisStreamConsumer(
                    new ServiceConfig.EventBus(Secret.of(url), prefix, "openedx-pok", "instance-1",
                            Duration.ofSeconds(2)), processor, activity));
            String stream = settings(prefix, "x").stream();
            List<Long> before = users(3);
            try (TestRedis own = new TestRedis(url)) {
                before.forEach(user -> own.xadd(stream, created(user)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> consumer.applied() == 3);
            long reconnects = reconnects();

            server.destroy();
            assertThat(server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.connected());
            assertThat(service.status().connected()).as("the context's own consumer is on another server").isTrue();
            server = startRedis(redisServer, port);

            // Nothing was saved: the stream and its group are gone, and come back from 0 on reconnection.
            await().atMost(Duration.ofSeconds(60)).until(consumer::connected);
            List<Long> after = users(3);
            try (TestRedis own = new TestRedis(url)) {
                after.forEach(user -> own.xadd(stream, created(user)));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> consumer.applied() == 6);
            assertThat(reconnects()).isGreaterThan(reconnects);
            assertAppliedOnce(after);
        } finally {
            started.forEach(RedisStreamConsumer::stop);
            started.clear();
            server.destroy();
            server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    private static Process startRedis(Path binary, int port) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private long reconnects() {
        return activity.reconnectCount();
    }

    private static String consumerName(RedisStreamConsumer consumer) {
        return consumer.describe().replaceAll(".*consumer (\\S+)\\)$", "$1");
    }

    private ServiceConfig.EventBus settings(String prefix, String consumer) {
        return new ServiceConfig.EventBus(Secret.of(TestRedis.SHARED), prefix, "openedx-pok", consumer,
                Duration.ofSeconds(2));
    }

    private RedisStreamConsumer consumer(String prefix, String name) {
        return started(new RedisStreamConsumer(settings(prefix, name), processor, activity));
    }

    private RedisStreamConsumer started(RedisStreamConsumer consumer) {
        started.add(consumer);
        consumer.start();
        return consumer;
    }

    private static synchronized List<Long> users(int count) {
        List<Long> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(nextUser++);
        }
        return users;
    }

    private static Map<String, byte[]> created(long user) {
        return EventBusFixtures.entry(EventBusFixtures.CREATED, UUID.randomUUID().toString(), user, BULK_COURSE);
    }

    private Certificate certificate(long user, String course) {
        return certificates.findByLearnerAndCourse(user, CourseKey.parse(course)).orElse(null);
    }

    /** Each learner has one certificate, requested once. */
    private void assertAppliedOnce(List<Long> users) {
        for (long user : users) {
            Certificate certificate = certificate(user, BULK_COURSE);
            assertThat(certificate).as("user " + user).isNotNull();
            assertThat(history.history(certificate.id())).filteredOn(e -> e.kind().equals("REQUESTED")).hasSize(1);
        }
    }
}
