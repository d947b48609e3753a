package com.openedxpok;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class OpenedxPokApplication {

    public static void main(String[] args) {
        SpringApplication.run(OpenedxPokApplication.class, args);
    }
}
