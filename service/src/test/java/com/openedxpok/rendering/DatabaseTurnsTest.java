package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DatabaseTurnsTest {

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    @Test
    void aFifthOfThePoolAndAtLeastTwoConnectionsStayFree() throws Exception {
        assertThat(20 - admittedAtOnce(DatabaseTurns.forPool(20, Duration.ofSeconds(5)), 30)).isEqualTo(4);
        assertThat(10 - admittedAtOnce(DatabaseTurns.forPool(10, Duration.ofSeconds(5)), 30)).isEqualTo(2);
        assertThat(5 - admittedAtOnce(DatabaseTurns.forPool(5, Duration.ofSeconds(5)), 30)).isEqualTo(2);
        assertThat(3 - admittedAtOnce(DatabaseTurns.forPool(3, Duration.ofSeconds(5)), 30)).isEqualTo(2);
    }

    @Test
    void aPoolTooSmallToLeaveTwoFreeStillServesOneViewAtATime() throws Exception {
        assertThat(admittedAtOnce(DatabaseTurns.forPool(2, Duration.ofSeconds(5)), 30)).isEqualTo(1);
        assertThat(admittedAtOnce(DatabaseTurns.forPool(1, Duration.ofSeconds(5)), 30)).isEqualTo(1);
    }

    @Test
    void waitingViewsAreServedInTheOrderTheyArrived() throws Exception {
        DatabaseTurns turns = new DatabaseTurns(1, Duration.ofSeconds(10));
        CompletableFuture<Void> holder = holdTurnUntilReleased(turns);

        List<Integer> served = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> waiters = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int arrival = i;
            waiters.add(CompletableFuture.runAsync(() -> turns.take(() -> served.add(arrival)), threads));
            // The next one arrives only once this one waits in the queue: the arrival order is known.
            await().atMost(Duration.ofSeconds(5)).until(() -> turns.waiting() == arrival + 1);
        }
        release.countDown();
        CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        holder.get(5, TimeUnit.SECONDS);

        assertThat(served).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void aThreadThatJustGaveItsTurnBackQueuesBehindTheViewsAlreadyWaiting() throws Exception {
        DatabaseTurns turns = new DatabaseTurns(1, Duration.ofSeconds(10));
        List<String> served = new CopyOnWriteArrayList<>();
        CountDownLatch firstIn = new CountDownLatch(1);
        // The barging Hikari allowed: the same thread gives the turn back and asks again at once.
        CompletableFuture<Void> again = CompletableFuture.runAsync(() -> {
            turns.take(() -> {
                firstIn.countDown();
                hold(release);
                return null;
            });
            turns.take(() -> served.add("same thread again"));
        }, threads);
        assertThat(firstIn.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> turns.take(() -> served.add("waiting")),
                threads);
        await().atMost(Duration.ofSeconds(5)).until(() -> turns.waiting() == 1);

        release.countDown();
        CompletableFuture.allOf(again, waiting).get(10, TimeUnit.SECONDS);

        assertThat(served).containsExactly("waiting", "same thread again");
    }

    @Test
    void aViewThatGetsNoTurnInTimeFailsInsteadOfWaitingForever() throws Exception {
        DatabaseTurns turns = new DatabaseTurns(1, Duration.ofMillis(200));
        CompletableFuture<Void> holder = holdTurnUntilReleased(turns);

        assertThatThrownBy(() -> turns.take(() -> "never")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no database turn within");

        release.countDown();
        holder.get(5, TimeUnit.SECONDS);
        assertThat(turns.take(() -> "served")).as("the turn given back serves the next view").isEqualTo("served");
    }

    /** Takes a turn on another thread and keeps it until {@code release}; returns once the turn is taken. */
    private CompletableFuture<Void> holdTurnUntilReleased(DatabaseTurns turns) throws InterruptedException {
        CountDownLatch in = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> turns.take(() -> {
            in.countDown();
            hold(release);
            return null;
        }), threads);
        assertThat(in.await(5, TimeUnit.SECONDS)).isTrue();
        return holder;
    }

    /** How many of {@code callers} concurrent takers are inside at once while none leaves. */
    private int admittedAtOnce(DatabaseTurns turns, int callers) throws Exception {
        AtomicInteger inside = new AtomicInteger();
        CountDownLatch leave = new CountDownLatch(1);
        for (int i = 0; i < callers; i++) {
            threads.submit(() -> turns.take(() -> {
                inside.incrementAndGet();
                hold(leave);
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> turns.waiting() + inside.get() == callers);
        int admitted = inside.get();
        leave.countDown();
        return admitted;
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
