package com.openedxpok.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

/** The fixtures load as captured, and the replay client sends exactly their bytes and reads both body framings. */
class ReplayClientTest {

    @Test
    void everyFixtureLoadsWithTheHeadersInWireOrderAndItsRealContentLength() {
        assertThat(CapturedRequest.ALL).hasSize(22);
        for (String file : CapturedRequest.ALL) {
            CapturedRequest request = CapturedRequest.load(file);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.pathAndQuery()).startsWith("/openedx/").endsWith("?token=TOKEN");
            assertThat(request.headers()).extracting(CapturedRequest.Header::name).containsExactly("Host",
                    "User-Agent", "Accept-Encoding", "Accept", "Connection", "Content-type", "Content-Length");
            assertThat(request.header("Accept")).isEqualTo("text/plain");
            assertThat(Integer.parseInt(request.header("Content-Length"))).as(file).isEqualTo(request.body().length);
            assertThat(request.isForm()).as(file).isEqualTo(file.endsWith("-form.json"));
        }
    }

    @Test
    void aDerivedBodyGetsItsContentLengthRecomputedAndAMissingValueIsRefused() {
        CapturedRequest captured = CapturedRequest.load("19");
        CapturedRequest derived = captured.replacingInBody("\"id\": 42,", "\"id\": 5700,");
        assertThat(derived.body().length).isEqualTo(captured.body().length + 2);
        assertThat(derived.header("Content-Length")).isEqualTo(String.valueOf(derived.body().length));
        assertThat(derived.headers()).extracting(CapturedRequest.Header::name)
                .containsExactlyElementsOf(captured.headers().stream().map(CapturedRequest.Header::name).toList());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> captured.replacingInBody("not in it", "x"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sendsTheCapturedBytesWithOnlyTheTokenRewrittenAndReadsAChunkedAnswer() throws Exception {
        CapturedRequest request = CapturedRequest.load("02");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = server.accept()) {
                    byte[] bytes = readRequest(socket.getInputStream());
                    socket.getOutputStream().write(("HTTP/1.1 200 \r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n7;ext=1\r\n\": \"é\"\r\n1\r\n}\r\n0\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
                    return bytes;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ReplayClient.Response response = new ReplayClient("127.0.0.1", server.getLocalPort(),
                    "a-test-token-of-some-length").send(request);

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.bodyUtf8()).isEqualTo("{\"a\": \"é\"}");
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.writeBytes(("POST /openedx/webfilters/certificate-creation-requested?token="
                    + "a-test-token-of-some-length HTTP/1.1\r\nHost: 127.0.0.1:18088\r\n"
                    + "User-Agent: python-requests/2.34.2\r\nAccept-Encoding: gzip, deflate\r\nAccept: text/plain\r\n"
                    + "Connection: keep-alive\r\nContent-type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 2294\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            expected.writeBytes(request.body());
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(expected.toByteArray());
        }
    }

    @Test
    void readsContentLengthAndGzipAnswers() throws IOException {
        byte[] plain = "HTTP/1.1 400 Bad Request\r\nContent-Length: 4\r\nContent-Type: application/json\r\n\r\n{}  "
                .getBytes(StandardCharsets.US_ASCII);
        ReplayClient.Response response = ReplayClient.read(new ByteArrayInputStream(plain), "POST");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyUtf8()).isEqualTo("{}  ");
        assertThat(response.header("content-type")).isEqualTo("application/json");

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("{\"x\": 1}".getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.size() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        wire.writeBytes(gz.toByteArray());
        assertThat(ReplayClient.read(new ByteArrayInputStream(wire.toByteArray()), "POST").bodyUtf8())
                .isEqualTo("{\"x\": 1}");
    }

    /** The request's head up to the empty line, then as many body bytes as its Content-Length says. */
    private static byte[] readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int length = -1;
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                return bytes.toByteArray();
            }
            bytes.write(b);
            line.append((char) b);
            if (b == '\n') {
                String text = line.toString().strip();
                if (text.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(text.substring(15).strip());
                }
                if (text.isEmpty()) {
                    break;
                }
                line.setLength(0);
            }
        }
        bytes.writeBytes(in.readNBytes(length));
        return bytes.toByteArray();
    }
}
