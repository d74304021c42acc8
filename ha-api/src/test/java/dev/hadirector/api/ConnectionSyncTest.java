package dev.hadirector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ConnectionSyncTest {
    @Test
    void defaultsLeaveEveryOptionalFieldToTheKernel() {
        ConnectionSync s = ConnectionSync.on("eth1").build();
        assertEquals("eth1", s.iface());
        assertEquals(Optional.empty(), s.instance());
        assertEquals(OptionalInt.empty(), s.maxLength());
        assertEquals(OptionalInt.empty(), s.port());
        assertEquals(OptionalInt.empty(), s.ttl());
        assertEquals(Optional.empty(), s.group());
        assertEquals(0, s.effectiveSyncId(OptionalInt.empty()), "no instance, no id: 0");
    }

    @Test
    void syncIdDefaultsToTheFollowedInstancesVridUnlessGiven() {
        ConnectionSync following = ConnectionSync.on("eth1").followInstance("VI_1").build();
        assertEquals(51, following.effectiveSyncId(OptionalInt.of(51)));
        ConnectionSync explicit = ConnectionSync.on("eth1").followInstance("VI_1").syncId(7).build();
        assertEquals(7, explicit.effectiveSyncId(OptionalInt.of(51)));
    }

    @Test
    void everyFieldIsKept() {
        ConnectionSync s = ConnectionSync.on("eth1").followInstance("VI_1").syncId(0).maxLength(1400).port(8849)
                .ttl(2).group("ff02::81").build();
        assertEquals(Optional.of("VI_1"), s.instance());
        assertEquals(OptionalInt.of(0), s.syncId());
        assertEquals(OptionalInt.of(1400), s.maxLength());
        assertEquals(OptionalInt.of(8849), s.port());
        assertEquals(OptionalInt.of(2), s.ttl());
        assertEquals("ff02::81", AddressText.format(s.group().orElseThrow()));
    }

    @Test
    void everyProblemIsReportedWithFieldValueAndRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConnectionSync
                .on("a-very-long-interface-name").syncId(256).maxLength(65508).port(0).ttl(256).group("10.0.0.1")
                .build());
        assertEquals("connection sync: iface \"a-very-long-interface-name\" invalid: must be 1..15 characters; "
                + "syncId 256 out of range: must be 0..255; maxLength 65508 out of range: must be 1..65507; "
                + "port 0 out of range: must be 1..65535; ttl 256 out of range: must be 1..255; "
                + "group 10.0.0.1 invalid: must be a multicast address", e.getMessage());
    }

    @Test
    void badTextIsReportedAtBuild() {
        IllegalArgumentException group = assertThrows(IllegalArgumentException.class,
                () -> ConnectionSync.on("eth0").group("224.0.0.x").build());
        assertEquals("connection sync: group \"224.0.0.x\": octet \"x\" must be 0..255", group.getMessage());
        IllegalArgumentException iface = assertThrows(IllegalArgumentException.class,
                () -> ConnectionSync.on("eth 0").build());
        assertEquals("connection sync: iface \"eth 0\" invalid: an interface name has no '/' or white space and is"
                + " not . or ..", iface.getMessage());
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> ConnectionSync.on("eth0").followInstance(" ").build());
        assertEquals("connection sync: instance \" \" invalid: must not be blank", blank.getMessage());
    }

    @Test
    void theRecordValidatesLikeTheBuilder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConnectionSync("",
                Optional.empty(), OptionalInt.of(-1), OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                Optional.empty()));
        assertEquals("connection sync: iface \"\" invalid: must be 1..15 characters; syncId -1 out of range: must"
                + " be 0..255", e.getMessage());
    }
}
