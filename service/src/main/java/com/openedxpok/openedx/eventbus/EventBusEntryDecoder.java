package com.openedxpok.openedx.eventbus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

import com.openedxpok.openedx.MalformedPayloadException;
import com.openedxpok.openedx.OpenedxCertificateEvent;
import com.openedxpok.openedx.PythonDateTime;

/**
 * One entry of the certificate lifecycle stream, read the way Open edX's producer writes it
 * ({@code edx_event_bus_redis}): header fields as UTF-8 text ({@code type}, {@code id}, {@code time}, …) and
 * {@code event_data}, the record {@code CloudEvent{certificate: CertificateData}} as bare Avro binary (no container
 * header, no schema id): the writer schema is the one committed in openedx-events for the entry's {@code type}, shipped
 * here as a resource. {@code event_data} stays bytes from Redis to Avro: it is not text (a name in CJK script makes it
 * invalid UTF-8).
 */
public final class EventBusEntryDecoder {

    static final String SCHEMA_DIR = "/openedx/eventbus/";
    /** Real entries are about 120 bytes; anything much larger is not Open edX's. */
    static final int MAX_EVENT_DATA = 64 * 1024;

    static {
        // Avro allocates a string's buffer from the length the data claims before reading it; without a limit one
        // corrupt varint asks for 2 GB. Read once, when Avro first needs it, so it is set before any Avro class loads.
        for (String limit : new String[] {"org.apache.avro.limits.string.maxLength",
                "org.apache.avro.limits.bytes.maxLength", "org.apache.avro.limits.collectionItems.maxLength"}) {
            if (System.getProperty(limit) == null) {
                System.setProperty(limit, String.valueOf(MAX_EVENT_DATA));
            }
        }
    }

    private final Map<OpenedxCertificateEvent.Type, GenericDatumReader<GenericRecord>> readers =
            new EnumMap<>(OpenedxCertificateEvent.Type.class);

    public EventBusEntryDecoder() {
        // Only these two go to the bus (edx-platform's EVENT_BUS_PRODUCER_CONFIG); "changed" has no bus topic.
        for (OpenedxCertificateEvent.Type type : new OpenedxCertificateEvent.Type[] {
                OpenedxCertificateEvent.Type.CREATED, OpenedxCertificateEvent.Type.REVOKED}) {
            Schema schema = schema(type.eventType());
            readers.put(type, new GenericDatumReader<>(schema));
        }
    }

    /** Why an entry cannot be applied; never carries a learner's data, so it may be logged and shown. */
    public static final class Undecodable extends RuntimeException {

        private final Kind kind;

        Undecodable(Kind kind, String message) {
            super(message);
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }
    }

    public enum Kind {
        /** A {@code type} this service has no schema for. */
        UNKNOWN_TYPE,
        /** Missing fields, Avro that does not match the schema, or values the event cannot have. */
        UNDECODABLE
    }

    /** The entry's {@code id} header (a UUID, unchanged on redelivery); empty when absent. */
    public static Optional<String> eventId(Map<String, byte[]> fields) {
        return Optional.ofNullable(fields.get("id")).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * @throws Undecodable for an entry that can never be applied (it is reported and acknowledged, not retried)
     */
    public OpenedxCertificateEvent decode(Map<String, byte[]> fields) {
        String eventType = text(fields, "type");
        Optional<OpenedxCertificateEvent.Type> type = OpenedxCertificateEvent.Type.of(eventType)
                .filter(readers::containsKey);
        if (type.isEmpty()) {
            throw new Undecodable(Kind.UNKNOWN_TYPE, "unknown event type '"
                    + (eventType.length() > 100 ? eventType.substring(0, 100) + "…" : eventType) + "'");
        }
        byte[] data = fields.get("event_data");
        if (data == null) {
            throw new Undecodable(Kind.UNDECODABLE, "no event_data field");
        }
        if (data.length > MAX_EVENT_DATA) {
            throw new Undecodable(Kind.UNDECODABLE, "event_data is " + data.length + " bytes, more than "
                    + MAX_EVENT_DATA);
        }
        GenericRecord certificate = read(readers.get(type.get()), data);
        GenericRecord user = (GenericRecord) certificate.get("user");
        GenericRecord pii = (GenericRecord) user.get("pii");
        GenericRecord course = (GenericRecord) certificate.get("course");
        Instant time = fields.containsKey("time") ? PythonDateTime.parse(text(fields, "time")).orElse(null) : null;
        try {
            return OpenedxCertificateEvent.of(type.get(), (Long) user.get("id"), string(pii, "username"),
                    string(pii, "email"), string(pii, "name"), string(course, "course_key"),
                    string(course, "display_name"), string(certificate, "mode"), blankToNull(string(certificate,
                            "grade")), string(certificate, "current_status"), string(certificate, "previous_status"),
                    time);
        } catch (MalformedPayloadException e) {
            throw new Undecodable(Kind.UNDECODABLE, e.getMessage());
        }
    }

    /** The {@code certificate} record; every byte must belong to it, as the producer writes exactly one datum. */
    private static GenericRecord read(GenericDatumReader<GenericRecord> reader, byte[] data) {
        try {
            BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, null);
            GenericRecord event = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new Undecodable(Kind.UNDECODABLE, "event_data has bytes after the Avro record (a different "
                        + "schema version?)");
            }
            return (GenericRecord) event.get("certificate");
        } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException
                | NegativeArraySizeException | UnsupportedOperationException e) {
            // Truncated data reads as EOF; garbage as impossible lengths or union branches.
            throw new Undecodable(Kind.UNDECODABLE, "event_data is not a " + reader.getSchema().getNamespace()
                    + " Avro record (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String text(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        if (value == null) {
            throw new Undecodable(Kind.UNDECODABLE, "no '" + name + "' field");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new Undecodable(Kind.UNDECODABLE, "the '" + name + "' field is not UTF-8");
        }
    }

    /** Avro strings arrive as {@code Utf8}; null stays null. */
    private static String string(GenericRecord record, String field) {
        Object value = record.get(field);
        return value == null ? null : value.toString();
    }

    /** The webhook's payload has no grade when Open edX has none; the Avro record has {@code ''}. */
    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static Schema schema(String eventType) {
        String resource = SCHEMA_DIR + eventType.replace('.', '+') + "_schema.avsc";
        try (InputStream in = EventBusEntryDecoder.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
