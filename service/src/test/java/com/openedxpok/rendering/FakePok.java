package com.openedxpok.rendering;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

import javax.imageio.ImageIO;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.openedxpok.config.Secret;
import com.openedxpok.pok.PokEndpoint;

/**
 * A stand-in for the POK host, shared by the rendering tests of one JVM: it serves certificate images, and its
 * request journal proves that the render webfilter never calls POK. (The integrator adds the same proof against the
 * POK simulator once it is on this branch.)
 */
final class FakePok {

    private static final WireMockServer SERVER = startServer();
    private static final byte[] PNG = certificatePng();
    private static final byte[] LOGO = logoPng();

    private FakePok() {
    }

    private static WireMockServer startServer() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    static WireMockServer server() {
        return SERVER;
    }

    /** The POK base URL the application under test is configured with. */
    static URI baseUrl() {
        return URI.create("http://localhost:" + SERVER.port() + "/");
    }

    /** The same server under another host name: a different origin as far as the image endpoint is concerned. */
    static URI otherHostUrl() {
        return URI.create("http://127.0.0.1:" + SERVER.port() + "/");
    }

    static int requestCount() {
        return SERVER.getAllServeEvents().size();
    }

    static void reset() {
        SERVER.resetAll();
    }

    static byte[] png() {
        return PNG.clone();
    }

    /** A small platform logo, for the fake LMS. */
    static byte[] logo() {
        return LOGO.clone();
    }

    /** Stubs a certificate image at {@code path} and returns its absolute URL on the POK host. */
    static String stubImage(String path) {
        SERVER.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withBody(PNG)));
        return baseUrl().resolve(path.substring(1)).toString();
    }

    /** A real PNG that looks like a certificate, so screenshots show something meaningful. */
    private static byte[] certificatePng() {
        BufferedImage image = new BufferedImage(1200, 850, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0xfdfaf3));
        g.fillRect(0, 0, 1200, 850);
        g.setColor(new Color(0x1d4ed8));
        g.setStroke(new java.awt.BasicStroke(14));
        g.drawRect(30, 30, 1140, 790);
        try {
            g.setFont(new Font(Font.SERIF, Font.BOLD, 64));
            g.drawString("Certificate of Completion", 190, 260);
            g.setColor(new Color(0x111827));
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 36));
            g.drawString("POK test image", 470, 420);
        } catch (RuntimeException | LinkageError | InternalError noFonts) {
            // a machine without fonts still gets a valid PNG (frame only)
        }
        g.dispose();
        return encode(image);
    }

    private static byte[] logoPng() {
        BufferedImage image = new BufferedImage(80, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x0f766e));
        g.fillRect(0, 0, 80, 80);
        g.setColor(Color.WHITE);
        g.fillOval(18, 18, 44, 44);
        g.dispose();
        return encode(image);
    }

    private static byte[] encode(BufferedImage image) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points the application's POK endpoint (which nothing else provides on this branch) at the fake. */
    @TestConfiguration(proxyBeanMethods = false)
    static class EndpointConfiguration {
        /** Primary over demo mode's simulator endpoint: these tests need to shape the image host's answers. */
        @Bean
        @org.springframework.context.annotation.Primary
        PokEndpoint fakePokEndpoint() {
            return new PokEndpoint(baseUrl(), Secret.empty(), Duration.ofSeconds(5), true);
        }
    }
}
