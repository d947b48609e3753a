package com.openedxpok.simulator;

import java.time.Duration;

/** What the server does with the connection once a request has been read (and possibly processed). */
record Reply(Kind kind, SimResponse response, Duration duration) {

    enum Kind {
        /** Write the response normally. */
        ANSWER,
        /** Write the response one byte per {@code duration}. */
        DRIP,
        /** SO_LINGER 0 then close: the client sees a TCP reset instead of an answer. */
        RESET,
        /** Answer nothing, close after {@code duration}. */
        HOLD
    }

    static Reply answer(SimResponse response) {
        return new Reply(Kind.ANSWER, response, Duration.ZERO);
    }

    static Reply drip(SimResponse response, Duration perByte) {
        return new Reply(Kind.DRIP, response, perByte);
    }

    static Reply reset() {
        return new Reply(Kind.RESET, null, Duration.ZERO);
    }

    static Reply hold(Duration duration) {
        return new Reply(Kind.HOLD, null, duration);
    }
}
