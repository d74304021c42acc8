package dev.hadirector.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ExampleArgsTest {

    @Test
    void defaultsFitTheTutorialAndEveryOptionIsRead() {
        assertEquals(new ExampleArgs("eth0", "192.168.1.200/24", Optional.empty(), Optional.empty()), ExampleArgs.parse());
        assertEquals(new ExampleArgs("veth1", "10.0.0.100/24", Optional.of("lab"), Optional.of(Duration.ofSeconds(5))),
                ExampleArgs.parse("--iface", "veth1", "--vip", "10.0.0.100/24", "--namespace", "lab", "--seconds", "5"));
    }

    @Test
    void badOptionsAreNamed() {
        assertEquals("--seconds 0 is invalid: must be a positive whole number",
                assertThrows(IllegalArgumentException.class, () -> ExampleArgs.parse("--seconds", "0")).getMessage());
        assertEquals("--seconds soon is invalid: must be a positive whole number",
                assertThrows(IllegalArgumentException.class, () -> ExampleArgs.parse("--seconds", "soon")).getMessage());
        assertEquals("unknown option --port: expected --iface, --vip, --namespace or --seconds",
                assertThrows(IllegalArgumentException.class, () -> ExampleArgs.parse("--port", "80")).getMessage());
        assertEquals("option --iface has no value: expected --iface NAME, --vip ADDRESS/PREFIX, --namespace NAME or --seconds N",
                assertThrows(IllegalArgumentException.class, () -> ExampleArgs.parse("--iface")).getMessage());
    }
}
