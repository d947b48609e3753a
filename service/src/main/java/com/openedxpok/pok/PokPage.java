package com.openedxpok.pok;

/** A POK page (where issued credentials are published). */
public record PokPage(String id, String name) {
}
