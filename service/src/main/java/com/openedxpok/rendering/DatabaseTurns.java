package com.openedxpok.rendering;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Views take their turn for the database in arrival order. With more views in flight than pooled connections, Hikari
 * lets a thread that just gave a connection back take it again ahead of the waiting ones: at 64 concurrent views on a
 * pool of 20, some waited 50 times longer than the median (docs/benchmarks.md). A fair gate a little smaller than the
 * pool keeps the wait first come, first served and leaves connections to the worker and the console.
 */
final class DatabaseTurns {

    private final Semaphore turns;
    private final Duration timeout;

    DatabaseTurns(int turns, Duration timeout) {
        this.turns = new Semaphore(Math.max(1, turns), true);
        this.timeout = timeout;
    }

    /**
     * The gate for a connection pool of this size: a fifth of it (at least two) stays free for everything else. A pool
     * of two or fewer still lets one view in at a time: views must not wait for a turn that never comes.
     */
    static DatabaseTurns forPool(int poolSize, Duration timeout) {
        return new DatabaseTurns(poolSize - Math.max(2, poolSize / 5), timeout);
    }

    /** @throws IllegalStateException when no turn came within the timeout (the caller answers without the database) */
    <T> T take(Supplier<T> work) {
        try {
            if (!turns.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("no database turn within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a database turn", e);
        }
        try {
            return work.get();
        } finally {
            turns.release();
        }
    }

    int waiting() {
        return turns.getQueueLength();
    }
}
