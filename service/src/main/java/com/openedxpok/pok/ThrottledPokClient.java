package com.openedxpok.pok;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds what the whole service asks of POK, whoever asks (issuance, image refresh, the console): at most
 * {@code maxConcurrency} requests in flight and at most {@code maxRequestsPerSecond} started per second. Callers wait
 * for their turn; nothing is dropped.
 */
public final class ThrottledPokClient implements PokClient {

    private final PokClient delegate;
    private final Semaphore inFlight;
    private final long intervalNanos;
    private long nextStartNanos = System.nanoTime();

    public ThrottledPokClient(PokClient delegate, int maxConcurrency, double maxRequestsPerSecond) {
        this.delegate = delegate;
        this.inFlight = new Semaphore(maxConcurrency, true);
        this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / maxRequestsPerSecond);
    }

    private <T> T throttled(String operation, Supplier<T> call) {
        try {
            waitForRateSlot();
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PokException(PokFailure.RETRYABLE, operation, 0, null, null,
                    operation + ": interrupted before the request was sent", e);
        }
        try {
            return call.get();
        } finally {
            inFlight.release();
        }
    }

    /** Evenly spaced starts: a burst of callers is spread out instead of hitting POK at once. */
    private void waitForRateSlot() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long start = Math.max(now, nextStartNanos);
            nextStartNanos = start + intervalNanos;
            wait = start - now;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    @Override
    public IssuedCredential issueCredential(IssueRequest request) {
        return throttled("POST /credential", () -> delegate.issueCredential(request));
    }

    @Override
    public CredentialDetails credential(String credentialId) {
        return throttled("GET /credential/{id}", () -> delegate.credential(credentialId));
    }

    @Override
    public CredentialImage decryptedImage(String credentialId) {
        return throttled("GET /credential/{id}/decrypted-image", () -> delegate.decryptedImage(credentialId));
    }

    @Override
    public PokTemplate template(String templateId) {
        return throttled("GET /template/{id}", () -> delegate.template(templateId));
    }

    @Override
    public List<PokTemplate> templates(int limit) {
        return throttled("GET /template", () -> delegate.templates(limit));
    }

    @Override
    public TemplatePreview previewTemplate(PreviewRequest request) {
        return throttled("POST /template/preview", () -> delegate.previewTemplate(request));
    }

    @Override
    public List<PokPage> pages(int limit) {
        return throttled("GET /page", () -> delegate.pages(limit));
    }

    @Override
    public Organization organization() {
        return throttled("GET /organization/me", delegate::organization);
    }
}
