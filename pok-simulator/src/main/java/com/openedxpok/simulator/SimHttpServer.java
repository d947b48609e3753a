package com.openedxpok.simulator;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server on plain sockets, one worker thread per connection. Plain sockets because the simulator
 * must misbehave in ways a servlet container will not: reset a connection after reading the request, hold it
 * without answering, drip the answer.
 */
final class SimHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SimHttpServer.class);
    private static final int IDLE_TIMEOUT_MILLIS = 15_000;
    private static final Map<Integer, String> REASONS = Map.ofEntries(Map.entry(200, "OK"),
            Map.entry(201, "Created"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(413, "Content Too Large"),
            Map.entry(414, "URI Too Long"), Map.entry(422, "Unprocessable Content"),
            Map.entry(429, "Too Many Requests"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(503, "Service Unavailable"), Map.entry(505, "HTTP Version Not Supported"));

    private SimHandler handler;
    private final ServerSocket serverSocket;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService heldConnections;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private Thread acceptor;

    /** Binds at once (so the port is known); connections wait in the backlog until {@link #start}. */
    SimHttpServer(int port, int workerThreads) throws IOException {
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 256);
        // Thread names carry the port, so a thread dump (or a test) can tell several simulators apart.
        String prefix = "pok-simulator-" + serverSocket.getLocalPort() + "-";
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(workerThreads * 4), daemonThreads(prefix + "worker-"),
                new ThreadPoolExecutor.AbortPolicy());
        workers.allowCoreThreadTimeOut(true);
        this.heldConnections = Executors.newSingleThreadScheduledExecutor(daemonThreads(prefix + "hold-"));
    }

    void start(SimHandler requestHandler) {
        this.handler = requestHandler;
        this.acceptor = daemonThreads("pok-simulator-" + port() + "-accept-").newThread(this::acceptLoop);
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    log.warn("POK simulator: accept failed ({}); continuing", e.toString());
                    pause();
                }
                continue;
            }
            connections.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException busy) {
                refuse(socket);
            }
        }
    }

    /** Every worker and the queue are taken: answer 503 at once rather than let the client wait unseen. */
    private void refuse(Socket socket) {
        try {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            write(out, SimResponse.error(503, "Simulator busy: too many connections"), false);
            out.flush();
        } catch (IOException ignored) {
            // the client is gone already
        } finally {
            closeConnection(socket);
        }
    }

    private void serve(Socket socket) {
        boolean handedOff = false;
        try {
            socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            RequestReader reader = new RequestReader(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (!closed.get()) {
                SimRequest request;
                try {
                    request = reader.read(() -> {
                        out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    });
                } catch (MalformedRequestException e) {
                    handler.malformed(e.method(), e.path(), e.status(), e.getMessage());
                    write(out, SimResponse.error(e.status(), e.getMessage()), false);
                    out.flush();
                    lingeringClose(socket);
                    return;
                }
                if (request == null) {
                    return;
                }
                Reply reply = handle(request);
                switch (reply.kind()) {
                    case RESET:
                        reset(socket);
                        return;
                    case HOLD:
                        hold(socket, reply.duration());
                        handedOff = true;
                        return;
                    case DRIP:
                        drip(socket, out, reply.response(), reply.duration());
                        return;
                    default:
                        // Close when others are queued, so idle keep-alive connections cannot starve them.
                        boolean keepAlive = request.keepAlive() && !closed.get() && workers.getQueue().isEmpty();
                        write(out, reply.response(), keepAlive);
                        out.flush();
                        if (!keepAlive) {
                            return;
                        }
                }
            }
        } catch (SocketTimeoutException | SocketException idleOrGone) {
            // idle keep-alive connection timed out, or the client went away: nothing to answer
        } catch (IOException e) {
            log.debug("POK simulator: connection ended: {}", e.toString());
        } catch (RuntimeException e) {
            log.error("POK simulator: connection failed", e);
        } finally {
            if (!handedOff) {
                closeConnection(socket);
            }
        }
    }

    private Reply handle(SimRequest request) {
        try {
            return handler.handle(request);
        } catch (RuntimeException e) {
            log.error("POK simulator: handling {} {} failed", request.method(), request.path(), e);
            return Reply.answer(SimResponse.error(500, "Simulator error: " + e.getClass().getSimpleName()));
        }
    }

    /**
     * Closing a socket with unread input makes the kernel send a reset, which can destroy the error response before
     * the client reads it; so stop writing, swallow what the client still sends (briefly, boundedly), then close.
     */
    private static void lingeringClose(Socket socket) {
        try {
            socket.shutdownOutput();
            socket.setSoTimeout(500);
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[8192];
            long drained = 0;
            int n;
            while (drained < RequestReader.MAX_BODY && (n = in.read(sink)) >= 0) {
                drained += n;
            }
        } catch (IOException ignored) {
            // the client closed or stayed silent: either way we are done
        }
    }

    private void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException ignored) {
            // already gone: the client sees a close either way
        }
        closeConnection(socket);
    }

    private void hold(Socket socket, Duration duration) {
        try {
            heldConnections.schedule(() -> closeConnection(socket), duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            closeConnection(socket);
        }
    }

    private void drip(Socket socket, OutputStream out, SimResponse response, Duration perByte) throws IOException {
        ByteArrayOutputStream whole = new ByteArrayOutputStream();
        write(whole, response, false);
        for (byte b : whole.toByteArray()) {
            out.write(b);
            out.flush();
            try {
                Thread.sleep(Math.max(1, perByte.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (socket.isClosed()) {
                return;
            }
        }
    }

    private static void write(OutputStream out, SimResponse response, boolean keepAlive) throws IOException {
        StringBuilder head = new StringBuilder(256)
                .append("HTTP/1.1 ").append(response.status()).append(' ')
                .append(REASONS.getOrDefault(response.status(), "Status")).append("\r\n")
                .append("Server: pok-simulator\r\n")
                .append("Content-Type: ").append(response.contentType()).append("\r\n")
                .append("Content-Length: ").append(response.body().length).append("\r\n")
                .append("Connection: ").append(keepAlive ? "keep-alive" : "close").append("\r\n");
        response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(response.body());
    }

    /** Stops accepting, ends every open and held connection, and waits briefly for the workers to finish. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(serverSocket);
        workers.shutdown();
        heldConnections.shutdownNow();
        connections.forEach(this::closeConnection);
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("POK simulator: some workers did not stop within 5 s");
            }
            if (acceptor != null) {
                acceptor.join(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connections.forEach(this::closeConnection);
    }

    private void closeConnection(Socket socket) {
        connections.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing is all we wanted
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
