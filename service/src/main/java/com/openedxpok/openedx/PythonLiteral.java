package com.openedxpok.openedx;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the Python {@code repr} that openedx-webhooks' form encoding makes of a list or dict (it {@code str()}s every
 * leaf: {@code [{'id': 1, 'name': 'Dra. Lucía Rivera'}]}), into the JSON tree the JSON encoding would have sent. Only
 * the literals {@code str()} produces for such data: strings in either quote with backslash escapes, integers,
 * floats, {@code None}, {@code True}, {@code False}, lists, tuples and dicts. Anything else is not a literal: empty.
 */
final class PythonLiteral {

    /** Deeper nesting than this is not a signatory list; stop before the stack does. */
    private static final int MAX_DEPTH = 16;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String text;
    private int at;

    private PythonLiteral(String text) {
        this.text = text;
    }

    /** The literal as a JSON tree, or null when the text is not one literal. */
    static JsonNode parse(String text) {
        if (text == null) {
            return null;
        }
        PythonLiteral reader = new PythonLiteral(text);
        try {
            JsonNode value = reader.value(0);
            reader.spaces();
            return reader.at == text.length() ? value : null;
        } catch (IllegalArgumentException | IndexOutOfBoundsException notALiteral) {
            return null;
        }
    }

    private JsonNode value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("too deep");
        }
        spaces();
        char c = text.charAt(at);
        return switch (c) {
            case '[' -> sequence(']', depth);
            case '(' -> sequence(')', depth);
            case '{' -> dict(depth);
            case '\'', '"' -> NODES.stringNode(string());
            default -> word();
        };
    }

    private ArrayNode sequence(char close, int depth) {
        at++;
        ArrayNode array = NODES.arrayNode();
        spaces();
        while (text.charAt(at) != close) {
            array.add(value(depth + 1));
            spaces();
            if (text.charAt(at) == ',') {
                at++;
                spaces();
            } else if (text.charAt(at) != close) {
                throw new IllegalArgumentException("',' expected");
            }
        }
        at++;
        return array;
    }

    private ObjectNode dict(int depth) {
        at++;
        ObjectNode object = NODES.objectNode();
        spaces();
        while (text.charAt(at) != '}') {
            JsonNode key = value(depth + 1);
            spaces();
            if (text.charAt(at++) != ':') {
                throw new IllegalArgumentException("':' expected");
            }
            object.set(key.isString() ? key.asString() : key.toString(), value(depth + 1));
            spaces();
            if (text.charAt(at) == ',') {
                at++;
                spaces();
            } else if (text.charAt(at) != '}') {
                throw new IllegalArgumentException("',' expected");
            }
        }
        at++;
        return object;
    }

    private String string() {
        char quote = text.charAt(at++);
        StringBuilder out = new StringBuilder();
        for (char c = text.charAt(at++); c != quote; c = text.charAt(at++)) {
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'x' -> out.append(hex(2));
                case 'u' -> out.append(hex(4));
                case 'U' -> {
                    out.appendCodePoint(Integer.parseInt(text.substring(at, at + 8), 16));
                    at += 8;
                }
                default -> out.append(escaped);
            }
        }
        return out.toString();
    }

    private char hex(int digits) {
        char value = (char) Integer.parseInt(text.substring(at, at + digits), 16);
        at += digits;
        return value;
    }

    private JsonNode word() {
        int start = at;
        while (at < text.length() && ",:)]} \t\n".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        String word = text.substring(start, at);
        return switch (word) {
            case "None" -> NODES.nullNode();
            case "True" -> NODES.booleanNode(true);
            case "False" -> NODES.booleanNode(false);
            default -> {
                if (word.matches("-?\\d{1,18}")) {
                    // As a JSON reader would: an int when it fits, so both encodings give equal trees.
                    long number = Long.parseLong(word);
                    yield number == (int) number ? NODES.numberNode((int) number) : NODES.numberNode(number);
                }
                if (word.matches("-?\\d+\\.\\d*(e[-+]?\\d+)?")) {
                    yield NODES.numberNode(Double.parseDouble(word));
                }
                throw new IllegalArgumentException("not a literal");
            }
        };
    }

    private void spaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }
}
