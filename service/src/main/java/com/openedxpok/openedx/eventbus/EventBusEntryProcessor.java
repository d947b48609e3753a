package com.openedxpok.openedx.eventbus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

import com.openedxpok.openedx.CertificateEventHandler;
import com.openedxpok.openedx.OpenedxCertificateEvent;
import com.openedxpok.openedx.eventbus.EventBusActivity.Outcome;

/**
 * One stream entry: decoded once, here, then handed to {@link CertificateEventHandler}, the one place that acts on
 * certificate events (the webhook goes there too, so both can be on). Returns only once the effect is committed: the
 * caller acknowledges the entry after that, never before.
 *
 * <p>An entry that can never be applied (unknown type, bad Avro, a value the event cannot have, an error that
 * retrying will not cure) is reported, counted and acknowledged, so it never holds up the entries behind it; the entry
 * itself stays in the stream until Redis trims it, for an operator to look at. Only a database that cannot be reached
 * leaves an entry unacknowledged ({@link RetryLater}): it is read again once the database is back.
 */
@Component
public class EventBusEntryProcessor {

    private static final Logger log = LoggerFactory.getLogger(EventBusEntryProcessor.class);
    /** Event ids applied here lately: redeliveries after a lost acknowledgement are dropped without a look. */
    static final int RECENT_IDS = 10_000;

    private final EventBusEntryDecoder decoder = new EventBusEntryDecoder();
    private final CertificateEventHandler handler;
    private final EventBusActivity activity;
    private final Set<String> recentIds = bounded(RECENT_IDS);
    private final Set<String> recentTrimmed = bounded(1_000);

    public EventBusEntryProcessor(CertificateEventHandler handler, EventBusActivity activity) {
        this.handler = handler;
        this.activity = activity;
    }

    /** The database is unreachable: the entry must stay pending and be read again later. */
    public static final class RetryLater extends RuntimeException {
        RetryLater(RuntimeException cause) {
            super(cause.getClass().getSimpleName(), cause);
        }
    }

    /** An entry read and checked, before its effect: either already settled, or an event ready to apply. */
    public sealed interface Prepared permits Settled, Ready {
    }

    /** Nothing to apply (trimmed, a duplicate, not decodable): acknowledge it. */
    public record Settled(Outcome outcome) implements Prepared {
    }

    /** A certificate event to hand to the handler. */
    public record Ready(String entryId, Optional<String> eventId, OpenedxCertificateEvent event) implements Prepared {

        /**
         * Entries with the same key must be applied in stream order (a "created" then a "revoked" for one learner
         * and course); different keys are independent.
         */
        public int key() {
            return java.util.Objects.hash(event.userId(), event.courseKey().toString());
        }
    }

    /**
     * Decodes an entry once; what cannot be applied is reported here.
     *
     * @param entryId the Redis entry id (for the report)
     * @param fields  the entry's fields as bytes, as Redis holds them; empty for an entry trimmed while pending
     */
    public Prepared prepare(String entryId, Map<String, byte[]> fields) {
        if (fields.isEmpty()) {
            // XAUTOCLAIM drops a trimmed entry from any consumer's pending list, idle or not, so the instance that
            // owned it and a claiming one can both come across it: report it once (per instance).
            if (!recentTrimmed.add(entryId)) {
                return new Settled(Outcome.TRIMMED);
            }
            return new Settled(report(entryId, Outcome.TRIMMED, "trimmed from the stream before it was applied: its "
                    + "event is lost (a backfill catches a missed creation; a missed revocation needs an operator)"));
        }
        Optional<String> eventId = EventBusEntryDecoder.eventId(fields);
        if (eventId.isPresent() && recentIds.contains(eventId.get())) {
            activity.record(entryId, Outcome.DUPLICATE, null);
            return new Settled(Outcome.DUPLICATE);
        }
        try {
            return new Ready(entryId, eventId, decoder.decode(fields));
        } catch (EventBusEntryDecoder.Undecodable e) {
            return new Settled(report(entryId, e.kind() == EventBusEntryDecoder.Kind.UNKNOWN_TYPE
                    ? Outcome.UNKNOWN_TYPE : Outcome.UNDECODABLE, e.getMessage()));
        }
    }

    /**
     * Applies the event; returns once its effect is committed.
     *
     * @throws RetryLater when the database could not be reached: do not acknowledge
     */
    public Outcome apply(Ready ready) {
        OpenedxCertificateEvent event = ready.event();
        try {
            handler.handle(event);
        } catch (DataAccessResourceFailureException | TransientDataAccessException
                | RecoverableDataAccessException e) {
            throw new RetryLater(e);
        } catch (RuntimeException e) {
            log.error("Event bus entry {} ({}) could not be applied", ready.entryId(), event, e);
            return report(ready.entryId(), Outcome.FAILED, event.type().label() + " for user " + event.userId()
                    + " in " + event.courseKey() + ": " + e.getClass().getSimpleName());
        }
        ready.eventId().ifPresent(recentIds::add);
        activity.record(ready.entryId(), Outcome.APPLIED, null);
        log.debug("Event bus entry {}: {} applied", ready.entryId(), event);
        return Outcome.APPLIED;
    }

    /** {@link #prepare} then {@link #apply}: one entry, start to end. */
    public Outcome process(String entryId, Map<String, byte[]> fields) {
        Prepared prepared = prepare(entryId, fields);
        return prepared instanceof Ready ready ? apply(ready) : ((Settled) prepared).outcome();
    }

    private static Set<String> bounded(int limit) {
        return Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > limit;
            }
        }));
    }

    private Outcome report(String entryId, Outcome outcome, String message) {
        if (outcome != Outcome.FAILED) {
            log.warn("Event bus entry {} not applied: {}", entryId, message);
        }
        activity.record(entryId, outcome, message);
        return outcome;
    }
}
