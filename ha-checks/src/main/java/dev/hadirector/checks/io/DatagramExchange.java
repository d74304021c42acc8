package dev.hadirector.checks.io;

import dev.hadirector.checks.CheckResult;
import java.nio.ByteBuffer;

/** The protocol side of a {@link DatagramProbe}. Runs on the loop thread. */
public interface DatagramExchange {

    /** A datagram arrived from the target; a verdict ends the probe, null keeps waiting. */
    CheckResult onDatagram(ByteBuffer datagram);

    /** The deadline passed without a verdict. */
    CheckResult onTimeout(long timeoutMillis);
}
