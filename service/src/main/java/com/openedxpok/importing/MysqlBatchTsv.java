package com.openedxpok.importing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code mysql --batch} writes: a header line of column names, then one line per row, fields separated by tabs.
 * In a value, a tab, a newline, a backslash and a NUL are written {@code \t}, {@code \n}, {@code \\} and {@code \0}, so
 * a line is always one row; an SQL NULL is the bare text {@code NULL}. JSON columns come out as their JSON text.
 */
final class MysqlBatchTsv {

    /** Larger than any export the console takes (the upload limit), small enough to keep in memory. */
    static final int MAX_BYTES = 256 * 1024 * 1024;

    private MysqlBatchTsv() {
    }

    /** A data line as it was in the file (still escaped), with its line number (the header is line 1). */
    record Line(int lineNo, String text) {
    }

    /** @param header the column names, lower case */
    record Parsed(List<String> header, List<Line> lines) {
    }

    /** @throws ImportException when the file is not UTF-8, empty or too large (nothing of it is read then) */
    static Parsed read(InputStream in, String what) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new ImportException("The " + what + " file could not be read; try again.");
        }
        if (bytes.length > MAX_BYTES) {
            throw new ImportException("The " + what + " file is larger than " + (MAX_BYTES >> 20) + " MiB.");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ImportException("The " + what + " file is not UTF-8 text (mysql --batch writes the "
                    + "database's utf8mb4 as UTF-8; run it with --default-character-set=utf8mb4).");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] raw = text.split("\n", -1);
        List<Line> lines = new ArrayList<>(raw.length);
        List<String> header = null;
        for (int i = 0; i < raw.length; i++) {
            String line = raw[i].endsWith("\r") ? raw[i].substring(0, raw[i].length() - 1) : raw[i];
            if (line.isEmpty()) {
                continue;
            }
            if (header == null) {
                header = new ArrayList<>();
                for (String name : line.split("\t", -1)) {
                    header.add(name.strip().toLowerCase(Locale.ROOT));
                }
            } else {
                lines.add(new Line(i + 1, line));
            }
        }
        if (header == null) {
            throw new ImportException("The " + what + " file is empty: it needs the header line mysql --batch writes.");
        }
        return new Parsed(List.copyOf(header), lines);
    }

    /** The values of one line: unescaped, {@code null} for SQL NULL. */
    static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        for (String field : line.split("\t", -1)) {
            fields.add("NULL".equals(field) ? null : unescape(field));
        }
        return fields;
    }

    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                out.append(c);
                continue;
            }
            char next = field.charAt(++i);
            switch (next) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case '\\' -> out.append('\\');
                default -> out.append('\\').append(next);
            }
        }
        return out.toString();
    }
}
