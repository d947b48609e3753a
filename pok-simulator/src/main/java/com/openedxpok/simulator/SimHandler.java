package com.openedxpok.simulator;

/** What {@link SimHttpServer} calls for each request it managed (or failed) to read. */
interface SimHandler {

    Reply handle(SimRequest request);

    /** A request the server refused before it could be handled; {@code method}/{@code path} may be empty. */
    void malformed(String method, String path, int status, String reason);
}
