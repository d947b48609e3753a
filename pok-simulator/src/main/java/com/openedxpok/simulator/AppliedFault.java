package com.openedxpok.simulator;

/** Which fault (if any) the simulator applied to a request. Latency is recorded separately, as a duration. */
public enum AppliedFault {
    NONE,
    /** Answered 500 without processing the request. */
    SERVER_ERROR,
    /** Answered 429 with Retry-After without processing the request. */
    THROTTLED,
    /** Processed the request, then held the connection without answering and closed it. */
    TIMEOUT,
    /** Processed the request (a POST /credential created its credential), then reset the connection. */
    RESET,
    /** Processed the request and sent the answer one byte at a time. */
    DRIP,
    /** Inside the outage window: answered 503 with Retry-After without processing the request. */
    OUTAGE
}
