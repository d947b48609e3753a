package com.openedxpok.simulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator alone, for benchmarks that drive the service against it from another process:
 * <pre>
 * java -Dloader.main=com.openedxpok.simulator.PokSimulatorMain -cp target/openedx-pok-*.jar \
 *      org.springframework.boot.loader.launch.PropertiesLauncher --port 9999 --api-key bench-key
 * </pre>
 * It runs until stopped (Ctrl-C or SIGTERM); the control API is at {@code /_simulator/}.
 */
public final class PokSimulatorMain {

    private PokSimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PokSimulator.Builder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("pok-simulator: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (builder == null) {
            System.out.println(usage());
            return;
        }
        System.setProperty("java.awt.headless", "true");
        PokSimulator simulator = builder.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "pok-simulator-shutdown"));
        // The key is not printed: whoever started the process chose it (or uses the documented default).
        System.out.println("POK simulator listening at " + simulator.baseUrl() + " (control API: "
                + simulator.baseUrl() + "_simulator/stats)");
        stopped.await();
    }

    /** @return the configured builder, or null when only the usage was asked for */
    static PokSimulator.Builder parse(String[] args) {
        PokSimulator.Builder builder = PokSimulator.builder();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(arg + " needs a value");
                }
                value = args[++i];
            }
            switch (arg) {
                case "--port":
                    builder.port(number(arg, value));
                    break;
                case "--api-key":
                    builder.apiKey(value);
                    break;
                case "--emit-delay-ms":
                    builder.emitDelay(Duration.ofMillis(number(arg, value)));
                    break;
                case "--approval-delay-ms":
                    builder.approvalDelay(Duration.ofMillis(number(arg, value)));
                    break;
                case "--credits":
                    builder.availableCredits(number(arg, value));
                    break;
                case "--threads":
                    builder.workerThreads(number(arg, value));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return builder;
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, not '" + value + "'");
        }
    }

    static String usage() {
        return "usage: PokSimulatorMain [--port N (0 = random, default)] [--api-key KEY (default "
                + PokSimulator.DEFAULT_API_KEY + ")] [--emit-delay-ms N (default 3000)] "
                + "[--approval-delay-ms N (default 10000)] [--credits N (default 100)] [--threads N (default 64)]";
    }
}
