package com.openedxpok.openedx.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.openedxpok.kernel.CourseKey;
import com.openedxpok.openedx.OpenedxCertificateEvent;
import com.openedxpok.openedx.eventbus.EventBusEntryDecoder.Kind;
import com.openedxpok.openedx.eventbus.EventBusEntryDecoder.Undecodable;
import com.openedxpok.openedx.eventbus.EventBusFixtures.Fixture;

/** The producer's real entries decode to the events the capture says they are; anything else is refused clearly. */
class EventBusEntryDecoderTest {

    private final EventBusEntryDecoder decoder = new EventBusEntryDecoder();

    @Test
    void everyCapturedEntryDecodesToWhatTheCaptureSays() {
        for (String file : EventBusFixtures.FILES) {
            Fixture fixture = EventBusFixtures.load(file);
            OpenedxCertificateEvent event = decoder.decode(fixture.fields());
            var expected = fixture.decoded();
            assertThat(event.type().eventType()).as(file)
                    .isEqualTo(new String(fixture.fields().get("type"), StandardCharsets.UTF_8));
            assertThat(event.userId()).as(file).isEqualTo(expected.get("user").get("id").asLong());
            assertThat(event.username()).as(file).isEqualTo(expected.get("user").get("pii").get("username").asString());
            assertThat(event.email()).as(file).isEqualTo(expected.get("user").get("pii").get("email").asString());
            assertThat(event.name()).as(file).isEqualTo(expected.get("user").get("pii").get("name").asString());
            assertThat(event.courseKey()).as(file)
                    .isEqualTo(CourseKey.parse(expected.get("course").get("course_key").asString()));
            assertThat(event.mode()).as(file).isEqualTo(expected.get("mode").asString());
            assertThat(event.currentStatus()).as(file).isEqualTo(expected.get("current_status").asString());
            assertThat(event.time()).as(file).isEqualTo(Instant.parse(
                    new String(fixture.fields().get("time"), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void theFourEntriesMeanWhatTheReadmeSays() {
        OpenedxCertificateEvent created = decoder.decode(EventBusFixtures.load(EventBusFixtures.FILES.get(0)).fields());
        assertThat(created.type()).isEqualTo(OpenedxCertificateEvent.Type.CREATED);
        assertThat(created.passing()).isTrue();
        assertThat(created.grade()).isEqualByComparingTo(new BigDecimal("0.87"));
        assertThat(created.name()).isEqualTo("Ana García López");
        assertThat(created.time()).isEqualTo(Instant.parse("2026-12-01T00:23:25.094791Z"));

        OpenedxCertificateEvent revoked = decoder.decode(EventBusFixtures.load(EventBusFixtures.FILES.get(1)).fields());
        assertThat(revoked.type()).isEqualTo(OpenedxCertificateEvent.Type.REVOKED);
        assertThat(revoked.grade()).as("grade '' is no grade").isNull();
        assertThat(revoked.currentStatus()).isEqualTo("unavailable");

        OpenedxCertificateEvent cjk = decoder.decode(EventBusFixtures.load(EventBusFixtures.FILES.get(2)).fields());
        assertThat(cjk.userId()).isEqualTo(88);
        assertThat(cjk.name()).isEqualTo("李小龙");

        OpenedxCertificateEvent old = decoder.decode(EventBusFixtures.load(EventBusFixtures.FILES.get(3)).fields());
        assertThat(old.courseKey()).isEqualTo(CourseKey.parse("ExampleU/CS102/2025"));
    }

    @Test
    void theCjkEntrysEventDataIsNotTextAndIsReadAsBytes() {
        byte[] data = EventBusFixtures.load(EventBusFixtures.FILES.get(2)).fields().get("event_data");
        assertThatThrownBy(() -> StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data)))
                .isInstanceOf(CharacterCodingException.class);
    }

    @Test
    void anUnknownTypeIsRefusedAsSuch() {
        Map<String, byte[]> fields = copy(EventBusFixtures.FILES.get(0));
        fields.put("type", EventBusFixtures.bytes("org.openedx.learning.course.enrollment.created.v1"));
        assertKind(fields, Kind.UNKNOWN_TYPE, "org.openedx.learning.course.enrollment.created.v1");
        fields.put("type", EventBusFixtures.bytes("org.openedx.learning.certificate.changed.v1"));
        assertKind(fields, Kind.UNKNOWN_TYPE, "changed");
    }

    @Test
    void badAvroIsRefusedWithoutTheLearnersData() {
        Map<String, byte[]> fields = copy(EventBusFixtures.FILES.get(0));
        byte[] data = fields.get("event_data");

        fields.put("event_data", Arrays.copyOf(data, data.length - 10));
        assertKind(fields, Kind.UNDECODABLE, "not a org.openedx.learning.certificate.created.v1 Avro record");

        fields.put("event_data", Arrays.copyOf(data, data.length + 3));
        assertKind(fields, Kind.UNDECODABLE, "bytes after the Avro record");

        fields.put("event_data", EventBusFixtures.bytes("{\"certificate\": {}}"));
        assertKind(fields, Kind.UNDECODABLE, "Avro record");

        // A username claiming 1 GB: refused without allocating it.
        byte[] huge = data.clone();
        byte[] claim = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        byte[] poisoned = new byte[3 + claim.length];
        System.arraycopy(huge, 0, poisoned, 0, 3 - 1);
        System.arraycopy(claim, 0, poisoned, 2, claim.length);
        fields.put("event_data", poisoned);
        assertKind(fields, Kind.UNDECODABLE, "Avro record");

        fields.remove("event_data");
        assertKind(fields, Kind.UNDECODABLE, "no event_data");
    }

    @Test
    void aRecordWithImpossibleValuesIsRefused() {
        Map<String, byte[]> fields = EventBusFixtures.entry(EventBusFixtures.CREATED, "e1", 0, "course-v1:A+B+C");
        assertKind(fields, Kind.UNDECODABLE, "user.id must be a positive number");
        fields = EventBusFixtures.entry(EventBusFixtures.CREATED, "e2", 5, "not a course key");
        assertKind(fields, Kind.UNDECODABLE, "course");
    }

    @Test
    void missingHeadersAreRefused() {
        Map<String, byte[]> fields = copy(EventBusFixtures.FILES.get(0));
        fields.remove("type");
        assertKind(fields, Kind.UNDECODABLE, "no 'type' field");
        fields.put("type", new byte[] {(byte) 0xff, (byte) 0xfe});
        assertKind(fields, Kind.UNDECODABLE, "not UTF-8");
    }

    private void assertKind(Map<String, byte[]> fields, Kind kind, String message) {
        assertThatThrownBy(() -> decoder.decode(fields)).isInstanceOfSatisfying(Undecodable.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(message).doesNotContain("ana").doesNotContain("Ana");
        });
    }

    private static Map<String, byte[]> copy(String file) {
        return new LinkedHashMap<>(EventBusFixtures.load(file).fields());
    }
}
