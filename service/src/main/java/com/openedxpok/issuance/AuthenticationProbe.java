package com.openedxpok.issuance;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.openedxpok.pok.PokClient;
import com.openedxpok.pok.PokException;
import com.openedxpok.pok.PokFailure;

/** While issuance is paused for a refused API key, asks POK every few seconds whether the key works again. */
@Component
public class AuthenticationProbe {

    private static final Logger log = LoggerFactory.getLogger(AuthenticationProbe.class);

    private final IssuancePause pause;
    private final PokClient pok;

    public AuthenticationProbe(IssuancePause pause, PokClient pok) {
        this.pause = pause;
        this.pok = pok;
    }

    public void probe() {
        if (!pause.isPaused()) {
            return;
        }
        try {
            pok.organization();
            pause.resume();
        } catch (PokException e) {
            if (e.failure() != PokFailure.AUTHENTICATION) {
                log.info("POK key check inconclusive ({}); still paused", e.failure());
            }
        }
    }
}
