package com.openedxpok.backfill;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV (RFC 4180: commas, double-quoted fields with "" inside, CRLF or LF) record by record, with the line each
 * record starts on, for error messages an operator can find in their spreadsheet.
 */
final class CsvRecords {

    /** One record: its fields and the (1-based) line it starts on. */
    record Record(int line, List<String> fields) {
    }

    /** A record that cannot be read; the line is where it starts. */
    static final class MalformedCsvException extends Exception {
        private final int line;

        MalformedCsvException(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private final Reader reader;
    private final int maxFieldLength;
    private int line = 1;
    private int pushedBack = -2;

    CsvRecords(Reader reader, int maxFieldLength) {
        this.reader = reader;
        this.maxFieldLength = maxFieldLength;
    }

    /** @return the next record, or null at the end of the input */
    Record next() throws IOException, MalformedCsvException {
        int c = read();
        if (c == -1) {
            return null;
        }
        int start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new MalformedCsvException(start, "a quoted field is not closed");
                }
                if (c == '"') {
                    int following = read();
                    if (following == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        c = following;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == ',' ) {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
            } else if (c == '\n' || c == -1) {
                if (c == '\n') {
                    line++;
                }
                fields.add(field.toString());
                return new Record(start, fields);
            } else if (c == '\r') {
                int following = read();
                if (following != '\n') {
                    unread(following);
                }
                line++;
                fields.add(field.toString());
                return new Record(start, fields);
            } else if (c == '"' && field.isEmpty() && !afterQuote) {
                quoted = true;
            } else if (afterQuote) {
                throw new MalformedCsvException(start, "text after a closing quote");
            } else {
                field.append((char) c);
            }
            if (field.length() > maxFieldLength) {
                throw new MalformedCsvException(start, "a field is longer than " + maxFieldLength + " characters");
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return reader.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
