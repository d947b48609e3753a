package com.openedxpok.simulator;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws the simulated certificate as a PNG. Text needs fonts, which a minimal container may lack; then the
 * certificate is drawn without text, because a valid image matters more to the callers than its words.
 */
final class CertificateImage {

    static final int WIDTH = 1200;
    static final int HEIGHT = 850;

    private static final Logger log = LoggerFactory.getLogger(CertificateImage.class);
    private static final Color PAPER = new Color(0xFB, 0xF8, 0xF0);
    private static final Color INK = new Color(0x1F, 0x2A, 0x44);
    private static final Color ACCENT = new Color(0xB0, 0x8D, 0x3A);
    /** Set once text drawing has failed (no fonts); package-visible so a test can take the no-font path. */
    static volatile boolean textUnavailable;

    /** @param parameters label → value, in the template's order */
    record Content(String heading, String title, String receiverName, String emitter, String date,
            List<Map.Entry<String, String>> parameters) {

        static Content of(String heading, IssueCommand command) {
            List<Map.Entry<String, String>> parameters = new ArrayList<>();
            for (SimTemplate.Parameter p : command.template().customParameters()) {
                parameters.add(Map.entry(p.label() == null || p.label().isBlank() ? p.id() : p.label(),
                        command.customParameters().getOrDefault(p.id(), "")));
            }
            String date = DateTimeFormatter.ofPattern(command.dateFormat()).withZone(ZoneOffset.UTC)
                    .format(command.emissionDate());
            String name = command.lastName() == null || command.lastName().isBlank() ? command.firstName()
                    : command.firstName() + " " + command.lastName();
            return new Content(heading, command.title(), name, command.emitter(), date, parameters);
        }
    }

    private CertificateImage() {
    }

    static byte[] png(Content content) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(PAPER);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(ACCENT);
            g.setStroke(new BasicStroke(12));
            g.drawRect(30, 30, WIDTH - 60, HEIGHT - 60);
            g.setStroke(new BasicStroke(2));
            g.drawRect(55, 55, WIDTH - 110, HEIGHT - 110);
            if (!textUnavailable) {
                drawText(g, content);
            }
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void drawText(Graphics2D g, Content content) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(ACCENT);
            centered(g, content.heading(), 150, Font.BOLD, 30);
            g.setColor(INK);
            centered(g, "This certifies that", 250, Font.PLAIN, 26);
            centered(g, content.receiverName(), 330, Font.BOLD, 60);
            centered(g, "has completed", 400, Font.PLAIN, 26);
            centered(g, content.title() == null ? "(untitled)" : content.title(), 470, Font.BOLD, 42);
            // Up to 8 parameters share the band above the footer; lines get smaller as there are more.
            List<Map.Entry<String, String>> shown = content.parameters().subList(0,
                    Math.min(8, content.parameters().size()));
            int step = shown.isEmpty() ? 0 : Math.min(40, 180 / shown.size());
            int y = 545;
            for (Map.Entry<String, String> parameter : shown) {
                centered(g, parameter.getKey() + ": " + parameter.getValue(), y, Font.PLAIN, Math.min(26, step - 4));
                y += step;
            }
            centered(g, content.emitter() + "  ·  " + content.date(), HEIGHT - 120, Font.PLAIN, 24);
            g.setColor(ACCENT);
            centered(g, "SIMULATED — not a real POK credential", HEIGHT - 80, Font.ITALIC, 18);
        } catch (RuntimeException | LinkageError | InternalError noFonts) {
            textUnavailable = true;
            log.warn("POK simulator: cannot draw text ({}); certificate images will have none", noFonts.toString());
        }
    }

    /** Shrinks the font until the line fits between the borders, then cuts it if even the smallest is too wide. */
    private static void centered(Graphics2D g, String text, int baseline, int style, int size) {
        String line = text == null ? "" : text;
        int maxWidth = WIDTH - 200;
        FontMetrics metrics;
        do {
            g.setFont(new Font(Font.SANS_SERIF, style, size));
            metrics = g.getFontMetrics();
            size -= 2;
        } while (metrics.stringWidth(line) > maxWidth && size >= 14);
        while (metrics.stringWidth(line) > maxWidth && line.length() > 1) {
            line = line.substring(0, line.length() - 2) + "…";
        }
        g.drawString(line, (WIDTH - metrics.stringWidth(line)) / 2, baseline);
    }
}
