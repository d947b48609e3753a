package com.openedxpok.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The raw-socket HTTP server: keep-alive, chunked bodies, hostile input, saturation and shutdown. */
class SimulatorHttpServerTest {

    private PokSimulator pok;

    @BeforeEach
    void start() {
        pok = PokSimulator.builder().emitDelay(Duration.ZERO).start();
    }

    @AfterEach
    void stop() {
        pok.close();
    }

    @Test
    void aKeptAliveConnectionServesSeveralRequests() throws IOException {
        try (Socket socket = RawHttp.connect(pok)) {
            InputStream in = socket.getInputStream();
            RawHttp.send(socket, RawHttp.get(pok, "/organization/me", false));
            RawHttp.Response first = RawHttp.read(in);
            // Two pipelined requests in one write: each must be answered in order.
            RawHttp.send(socket, RawHttp.get(pok, "/page", false) + RawHttp.get(pok, "/template/demo-template", true));
            RawHttp.Response second = RawHttp.read(in);
            RawHttp.Response third = RawHttp.read(in);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.headers()).containsEntry("connection", "keep-alive");
            assertThat(second.body()).contains("demo-page");
            assertThat(third.body()).contains("Demo certificate");
            assertThat(third.headers()).containsEntry("connection", "close");
            assertThat(in.read()).as("closed after Connection: close").isEqualTo(-1);
        }
    }

    @Test
    void aChunkedBodyIsReassembled() throws IOException {
        byte[] json = SimulatorTestClient.toJson(IssueBodies.valid("42")).getBytes(StandardCharsets.UTF_8);
        StringBuilder chunked = new StringBuilder();
        int half = json.length / 2;
        chunked.append(Integer.toHexString(half)).append(";ext=1\r\n")
                .append(new String(json, 0, half, StandardCharsets.ISO_8859_1)).append("\r\n")
                .append(Integer.toHexString(json.length - half)).append("\r\n")
                .append(new String(json, half, json.length - half, StandardCharsets.ISO_8859_1)).append("\r\n")
                .append("0\r\nX-Trailer: yes\r\n\r\n");

        try (Socket socket = RawHttp.connect(pok)) {
            RawHttp.send(socket, RawHttp.postHead(pok, "/credential", "Transfer-Encoding: chunked\r\n"));
            RawHttp.send(socket, chunked.toString().getBytes(StandardCharsets.ISO_8859_1));
            RawHttp.Response response = RawHttp.read(socket.getInputStream());

            assertThat(response.status()).isEqualTo(201);
        }
        assertThat(pok.credentialsCreatedFor("42")).hasSize(1)
                .allSatisfy(c -> assertThat(c.lastName()).isEqualTo("García López"));
    }

    @Test
    void theJdkClientsChunkedUploadIsAccepted() {
        SimulatorTestClient client = new SimulatorTestClient(pok);
        byte[] json = SimulatorTestClient.toJson(IssueBodies.valid("42")).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = client.send(client.request("credential")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json))).build());

        assertThat(response.statusCode()).isEqualTo(201);
    }

    @Test
    void expect100ContinueIsHonoured() throws IOException {
        byte[] json = SimulatorTestClient.toJson(IssueBodies.valid("42")).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = RawHttp.connect(pok)) {
            InputStream in = socket.getInputStream();
            RawHttp.send(socket, RawHttp.postHead(pok, "/credential",
                    "Expect: 100-continue\r\nContent-Length: " + json.length + "\r\n"));

            assertThat(RawHttp.line(in)).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(RawHttp.line(in)).isEmpty();
            RawHttp.send(socket, json);
            assertThat(RawHttp.read(in).status()).isEqualTo(201);
        }
    }

    @Test
    void theJdkClientsDefaultHttp2UpgradeOfferIsIgnored() throws Exception {
        HttpClient http2 = HttpClient.newHttpClient();

        HttpResponse<String> response = http2.send(HttpRequest.newBuilder(pok.baseUrl().resolve("organization/me"))
                .header("Authorization", "ApiKey " + pok.apiKey().reveal()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    }

    static Stream<Arguments> garbage() {
        byte[] binary = new byte[300];
        new Random(1).nextBytes(binary);
        binary[3] = 0;
        return Stream.of(
                Arguments.of("no request line", "GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 400),
                Arguments.of("binary noise", binary, 400),
                Arguments.of("header without colon", "GET /page HTTP/1.1\r\nNoColon\r\n\r\n".getBytes(), 400),
                Arguments.of("folded header", "GET /page HTTP/1.1\r\nA: b\r\n c\r\n\r\n".getBytes(), 400),
                Arguments.of("HTTP/2 request line", "GET /page HTTP/2.0\r\n\r\n".getBytes(), 505),
                Arguments.of("relative target", "GET page HTTP/1.1\r\n\r\n".getBytes(), 400),
                Arguments.of("bad Content-Length", "POST /credential HTTP/1.1\r\nContent-Length: abc\r\n\r\n".getBytes(), 400),
                Arguments.of("conflicting lengths",
                        "POST /credential HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello".getBytes(), 400),
                Arguments.of("length and chunked",
                        "POST /credential HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(), 400),
                Arguments.of("unknown coding", "POST /credential HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n".getBytes(), 501),
                Arguments.of("bad chunk size",
                        "POST /credential HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".getBytes(), 400),
                Arguments.of("chunk longer than declared",
                        "POST /credential HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabcd\r\n0\r\n\r\n".getBytes(), 400),
                Arguments.of("huge body", "POST /credential HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n".getBytes(), 413),
                Arguments.of("huge target", ("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\n\r\n").getBytes(), 414),
                Arguments.of("huge header", ("GET /page HTTP/1.1\r\nX: " + "a".repeat(10_000) + "\r\n\r\n").getBytes(), 431),
                Arguments.of("bad query escape", "GET /template?limit=%zz HTTP/1.1\r\n\r\n".getBytes(), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("garbage")
    void garbageIsAnswered4xxOr5xxAndTheServerCarriesOn(String name, byte[] payload, int status) throws IOException {
        try (Socket socket = RawHttp.connect(pok)) {
            RawHttp.send(socket, payload);
            RawHttp.Response response = RawHttp.read(socket.getInputStream());

            assertThat(response.status()).isEqualTo(status);
            assertThat(response.body()).contains("\"message\"");
            assertThat(socket.getInputStream().read()).as("the connection is closed").isEqualTo(-1);
        }
        assertThat(pok.requests()).last().satisfies(r -> {
            assertThat(r.operation()).isEqualTo(SimOperation.UNKNOWN);
            assertThat(r.status()).isEqualTo(status);
        });
        assertThat(new SimulatorTestClient(pok).get("organization/me").statusCode()).isEqualTo(200);
    }

    @Test
    void clientsThatVanishMidRequestDoNotHurtTheServer() throws IOException {
        for (int i = 0; i < 30; i++) {
            try (Socket socket = RawHttp.connect(pok)) {
                switch (i % 3) {
                    case 0:
                        break;
                    case 1:
                        RawHttp.send(socket, "GET /organization/me HTTP/1.1\r\nHost: x");
                        break;
                    default:
                        RawHttp.send(socket, RawHttp.postHead(pok, "/credential", "Content-Length: 500\r\n") + "{\"cre");
                }
            }
        }

        assertThat(new SimulatorTestClient(pok).get("organization/me").statusCode()).isEqualTo(200);
        assertThat(pok.credentials()).isEmpty();
    }

    @Test
    void whenEveryWorkerIsBusyAnExtraConnectionGets503AtOnce() throws IOException {
        try (PokSimulator tiny = PokSimulator.builder().workerThreads(1).start()) {
            List<Socket> idle = new ArrayList<>();
            try {
                // One connection holds the only worker; the next four fill its queue (4 per worker).
                for (int i = 0; i < 5; i++) {
                    idle.add(RawHttp.connect(tiny));
                }
                try (Socket extra = RawHttp.connect(tiny)) {
                    RawHttp.Response response = RawHttp.read(extra.getInputStream());
                    assertThat(response.status()).isEqualTo(503);
                }
                idle.get(0).close();
                Socket queued = idle.get(1);
                RawHttp.send(queued, RawHttp.get(tiny, "/page", true));
                assertThat(RawHttp.read(queued.getInputStream()).status()).isEqualTo(200);
            } finally {
                for (Socket s : idle) {
                    s.close();
                }
            }
        }
    }

    @Test
    void closeStopsAcceptingEndsHeldConnectionsAndItsThreads() throws IOException {
        PokSimulator closing = PokSimulator.builder().start();
        int port = closing.port();
        closing.setFaults(FaultPlan.none().withTimeouts(1.0, Duration.ofMinutes(5)));
        try (Socket held = RawHttp.connect(closing); Socket idle = RawHttp.connect(closing)) {
            RawHttp.send(held, RawHttp.get(closing, "/page", false));
            await().atMost(Duration.ofSeconds(5)).until(() -> closing.count(SimOperation.LIST_PAGES) == 1);

            closing.close();

            assertThat(endOfStream(held)).as("the held connection is closed, not left to its 5 minutes").isTrue();
            assertThat(endOfStream(idle)).isTrue();
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("pok-simulator-" + port + "-") && t.isAlive()));
        closing.close();
    }

    private static boolean endOfStream(Socket socket) {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketException reset) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
