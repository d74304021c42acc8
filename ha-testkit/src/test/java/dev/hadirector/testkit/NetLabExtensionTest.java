package dev.hadirector.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NetLabExtension.class)
class NetLabExtensionTest {

    private static final List<String> PREFIXES = new ArrayList<>();
    private NetLab fromBeforeEach;

    @BeforeEach
    void prepare(NetLab lab) {
        fromBeforeEach = lab;
        lab.host("a");
    }

    @Test
    void theTestGetsTheSameLabAsItsSetUp(NetLab lab) {
        assertSame(fromBeforeEach, lab);
        assertEquals(List.of("a"), lab.nodes());
        PREFIXES.add(lab.prefix());
    }

    @Test
    void eachTestGetsItsOwnLab(NetLab lab) {
        lab.host("b");
        assertEquals(List.of("a", "b"), lab.nodes());
        PREFIXES.add(lab.prefix());
    }

    @AfterAll
    static void everyLabWasClosed() {
        List<String> left = NetLab.listNamespaces();
        for (String prefix : PREFIXES) {
            assertTrue(left.stream().noneMatch(ns -> ns.startsWith(prefix + "-")), prefix + " left in " + left);
        }
        assertEquals(PREFIXES.size(), PREFIXES.stream().distinct().count(), "one lab per test: " + PREFIXES);
    }
}
