package com.openedxpok.openedx.eventbus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The entries Open edX's producer wrote (src/test/resources/fixtures/openedx-event-bus-redis), byte for byte, and more
 * entries like them for the tests that need hundreds.
 */
final class EventBusFixtures {

    static final String DIR = "/fixtures/openedx-event-bus-redis/";
    static final List<String> FILES = List.of("01-certificate-created.json", "02-certificate-revoked.json",
            "03-certificate-created-cjk-name.json", "04-certificate-created-old-course-key.json");
    static final String CREATED = "org.openedx.learning.certificate.created.v1";
    static final String REVOKED = "org.openedx.learning.certificate.revoked.v1";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventBusFixtures() {
    }

    /** One captured entry: its fields in XADD order, as bytes, and what the capture says they mean. */
    record Fixture(String file, Map<String, byte[]> fields, JsonNode decoded) {
    }

    static Fixture load(String file) {
        try (InputStream in = EventBusFixtures.class.getResourceAsStream(DIR + file)) {
            JsonNode root = JSON.readTree(in);
            Map<String, byte[]> fields = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> field : root.get("fields").properties()) {
                fields.put(field.getKey(), Base64.getDecoder().decode(field.getValue().get("base64").asString()));
            }
            return new Fixture(file, fields, root.get("event_data_decoded").get("certificate"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A "created" (passing) or "revoked" entry for this learner and course, encoded as the producer does. */
    static Map<String, byte[]> entry(String type, String eventId, long userId, String courseKey) {
        Schema schema = schema(type);
        Schema certificateSchema = schema.getField("certificate").schema();
        Schema userSchema = certificateSchema.getField("user").schema();
        GenericRecord pii = new GenericData.Record(userSchema.getField("pii").schema());
        pii.put("username", "learner" + userId);
        pii.put("email", "learner" + userId + "@example.org");
        pii.put("name", "Learner " + userId);
        GenericRecord user = new GenericData.Record(userSchema);
        user.put("id", userId);
        user.put("is_active", true);
        user.put("pii", pii);
        GenericRecord course = new GenericData.Record(certificateSchema.getField("course").schema());
        course.put("course_key", courseKey);
        course.put("display_name", "");
        GenericRecord certificate = new GenericData.Record(certificateSchema);
        certificate.put("user", user);
        certificate.put("course", course);
        certificate.put("mode", "verified");
        boolean created = type.equals(CREATED);
        certificate.put("grade", created ? "0.9" : "");
        certificate.put("download_url", "");
        certificate.put("name", "");
        certificate.put("current_status", created ? "downloadable" : "unavailable");
        certificate.put("previous_status", "");
        GenericRecord event = new GenericData.Record(schema);
        event.put("certificate", certificate);
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("type", bytes(type));
        fields.put("id", bytes(eventId));
        fields.put("source", bytes("openedx/lms/web"));
        fields.put("time", bytes("2026-12-01T00:23:25.094791+00:00"));
        fields.put("minorversion", bytes("0"));
        fields.put("sourcehost", bytes("test"));
        fields.put("sourcelib", bytes("11.2.0"));
        fields.put("event_data", avro(schema, event));
        return fields;
    }

    static Schema schema(String type) {
        try (InputStream in = EventBusFixtures.class.getResourceAsStream(EventBusEntryDecoder.SCHEMA_DIR
                + type.replace('.', '+') + "_schema.avsc")) {
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] avro(Schema schema, GenericRecord record) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
