package com.openedxpok.simulator;

/** A page the simulator knows (where credentials are published). */
record SimPage(String id, String name) {
}
