package com.openedxpok.simulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Which operation a request is for, and the id in its path.
 *
 * @param methodAllowed false when the path is known but not with this method (answered 405)
 */
record Route(SimOperation operation, String id, boolean methodAllowed) {

    static Route of(String method, String rawPath) {
        String[] segments = rawPath.length() > 1 ? rawPath.substring(1).split("/", -1) : new String[0];
        if (segments.length >= 1 && segments[0].equals("_simulator")) {
            return new Route(SimOperation.CONTROL, null, true);
        }
        if (segments.length == 0 || hasEmpty(segments)) {
            return unknown();
        }
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        String first = segments[0];
        switch (segments.length) {
            case 1:
                if (first.equals("credential")) {
                    return route(SimOperation.ISSUE_CREDENTIAL, null, post);
                }
                if (first.equals("template")) {
                    return route(SimOperation.LIST_TEMPLATES, null, get);
                }
                if (first.equals("page")) {
                    return route(SimOperation.LIST_PAGES, null, get);
                }
                return unknown();
            case 2:
                String second = decode(segments[1]);
                if (first.equals("credential")) {
                    return route(SimOperation.GET_CREDENTIAL, second, get);
                }
                if (first.equals("template") && second.equals("preview") && post) {
                    return route(SimOperation.PREVIEW_TEMPLATE, null, true);
                }
                if (first.equals("template")) {
                    return route(SimOperation.GET_TEMPLATE, second, get);
                }
                if (first.equals("organization") && second.equals("me")) {
                    return route(SimOperation.GET_ORGANIZATION, null, get);
                }
                if (first.equals("images") && second.endsWith(".png")) {
                    return route(SimOperation.CREDENTIAL_IMAGE, withoutPng(second), get);
                }
                if (first.equals("previews") && second.endsWith(".png")) {
                    return route(SimOperation.PREVIEW_IMAGE, withoutPng(second), get);
                }
                if (first.equals("view")) {
                    return route(SimOperation.VIEW_PAGE, second, get);
                }
                return unknown();
            case 3:
                if (first.equals("credential") && segments[2].equals("decrypted-image")) {
                    return route(SimOperation.GET_DECRYPTED_IMAGE, decode(segments[1]), get);
                }
                return unknown();
            default:
                return unknown();
        }
    }

    private static Route route(SimOperation operation, String id, boolean methodAllowed) {
        return new Route(operation, id, methodAllowed);
    }

    private static Route unknown() {
        return new Route(SimOperation.UNKNOWN, null, true);
    }

    private static boolean hasEmpty(String[] segments) {
        for (String s : segments) {
            if (s.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static String withoutPng(String name) {
        return name.substring(0, name.length() - ".png".length());
    }

    private static String decode(String segment) {
        try {
            // URLDecoder would turn '+' into a space, which is wrong inside a path.
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return segment;
        }
    }
}
