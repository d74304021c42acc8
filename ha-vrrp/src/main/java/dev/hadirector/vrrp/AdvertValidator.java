package dev.hadirector.vrrp;

import dev.hadirector.api.Vip;
import dev.hadirector.api.VrrpInstance;
import dev.hadirector.api.VrrpVersion;
import dev.hadirector.vrrp.codec.AdvertWriter;
import dev.hadirector.vrrp.codec.VrrpPacket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receive validation of RFC 5798 section 7.1 (v3) and RFC 3768 section 7.1 (v2) for one instance: every
 * check the RFCs make mandatory, in their order, with each discard counted by reason and logged at WARN at
 * most once per reason every {@link #LOG_INTERVAL_NANOS} (DEBUG otherwise), so a flood cannot flood the log.
 * Never throws on any input; allocation free.
 */
public final class AdvertValidator {
    private static final Logger LOG = LoggerFactory.getLogger(AdvertValidator.class);
    /** Minimum spacing of WARN lines for one discard reason. */
    public static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String instance;
    private final int version;
    private final int virtualRouterId;
    private final int addressLength;
    private final boolean addressOwner;
    private final int authType;
    private final byte[] authData;
    private final int intervalField;
    private final byte[][] addresses;
    private final byte[] ownAddress;
    private final LongSupplier nanoClock;
    private final DiscardCounters counters = new DiscardCounters();
    private final LogRateLimiter warnings = new LogRateLimiter(DiscardReason.values().length, LOG_INTERVAL_NANOS);
    private final VrrpPacket packet = new VrrpPacket();
    private long addressMismatches;

    /**
     * @param spec       the instance
     * @param ownAddress this router's primary address on the interface (adverts from it are our own), or null
     * @param nanoClock  the event loop's clock, for log rate limiting
     */
    public AdvertValidator(VrrpInstance spec, InetAddress ownAddress, LongSupplier nanoClock) {
        this.instance = spec.name();
        this.version = spec.version().number();
        this.virtualRouterId = spec.virtualRouterId();
        this.addressLength = spec.ipv6() ? VrrpPacket.IPV6_ADDRESS_LENGTH : VrrpPacket.IPV4_ADDRESS_LENGTH;
        this.addressOwner = spec.addressOwner();
        this.authType = spec.authPass().isPresent() ? VrrpPacket.AUTH_SIMPLE_PASSWORD : VrrpPacket.AUTH_NONE;
        this.authData = spec.authPass().map(AdvertWriter::authData).orElse(null);
        this.intervalField = (int) (spec.advertInterval().toNanos() / spec.version().advertIntervalUnit().toNanos());
        this.addresses = spec.virtualAddresses().stream().map(Vip::address).map(InetAddress::getAddress)
                .toArray(byte[][]::new);
        this.ownAddress = ownAddress == null ? null : ownAddress.getAddress();
        this.nanoClock = nanoClock;
    }

    public DiscardCounters counters() {
        return counters;
    }

    /** v3 adverts whose address list differs from ours: logged and counted, but accepted as RFC 5798 allows. */
    public long addressMismatches() {
        return addressMismatches;
    }

    /**
     * Checks one received advert.
     *
     * @param buffer      holds the VRRP message (the IP payload) at absolute {@code offset}
     * @param length      the payload length
     * @param ttl         the IPv4 TTL or IPv6 hop limit
     * @param source      the IP source address (4 or 16 octets)
     * @param destination the IP destination address, for the v3 pseudo-header
     * @return {@code null} when the advert is valid (then {@link #packet()} reads it); the reason otherwise
     */
    public DiscardReason validate(ByteBuffer buffer, int offset, int length, int ttl, byte[] source,
                                  byte[] destination) {
        DiscardReason reason = check(buffer, offset, length, ttl, source, destination);
        if (reason != null) {
            discard(reason, source);
        }
        return reason;
    }

    /** The flyweight over the last validated advert. */
    public VrrpPacket packet() {
        return packet;
    }

    private DiscardReason check(ByteBuffer buffer, int offset, int length, int ttl, byte[] source,
                                byte[] destination) {
        if (buffer == null || source == null || destination == null || source.length != addressLength
                || destination.length != addressLength || offset < 0 || length < 0
                || offset + length > buffer.capacity()) {
            return DiscardReason.TOO_SHORT;
        }
        if (ttl != 255) {
            return DiscardReason.TTL_NOT_255;
        }
        if (length < VrrpPacket.HEADER_LENGTH) {
            return DiscardReason.TOO_SHORT;
        }
        packet.wrap(buffer, offset, length, addressLength);
        if (packet.version() != version) {
            return DiscardReason.VERSION_MISMATCH;
        }
        if (packet.type() != VrrpPacket.TYPE_ADVERTISEMENT) {
            return DiscardReason.UNKNOWN_TYPE;
        }
        if (packet.addressCount() == 0) {
            return DiscardReason.BAD_ADDRESS_COUNT;
        }
        if (length < packet.completeLength()) {
            return DiscardReason.BAD_LENGTH;
        }
        if (!packet.checksumValid(source, destination)) {
            return DiscardReason.BAD_CHECKSUM;
        }
        if (packet.virtualRouterId() != virtualRouterId) {
            return DiscardReason.VRID_MISMATCH;
        }
        if (ownAddress != null && Arrays.equals(ownAddress, source)) {
            return DiscardReason.OWN_ADVERT;
        }
        if (addressOwner) {
            return DiscardReason.LOCAL_ADDRESS_OWNER;
        }
        if (version == 2) {
            if (packet.authType() != authType) {
                return DiscardReason.AUTH_TYPE_MISMATCH;
            }
            if (authType == VrrpPacket.AUTH_SIMPLE_PASSWORD && !packet.authDataEquals(authData)) {
                return DiscardReason.AUTH_FAILED;
            }
            if (packet.advertIntervalField() != intervalField) {
                return DiscardReason.INTERVAL_MISMATCH;
            }
        } else if (packet.advertIntervalField() == 0) {
            return DiscardReason.ZERO_INTERVAL;
        }
        if (!addressesMatch()) {
            if (version == 2 && packet.priority() != VrrpInstance.OWNER_PRIORITY) {
                return DiscardReason.ADDRESS_LIST_MISMATCH;
            }
            addressMismatches++;
            LOG.debug("{}: advert from {} lists other virtual addresses than configured", instance,
                    lazyAddress(source));
        }
        return null;
    }

    private boolean addressesMatch() {
        if (packet.addressCount() != addresses.length) {
            return false;
        }
        // The RFCs do not fix an order; compare as sets (n is small, so quadratic is fine and allocation free).
        for (byte[] ours : addresses) {
            boolean found = false;
            for (int i = 0; i < addresses.length && !found; i++) {
                found = packet.addressEquals(i, ours);
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private void discard(DiscardReason reason, byte[] source) {
        counters.increment(reason);
        if (warnings.allow(reason.ordinal(), nanoClock.getAsLong())) {
            LOG.warn("{}: advert from {} discarded: {} (total of this reason: {})", instance, lazyAddress(source),
                    reason, counters.count(reason));
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("{}: advert from {} discarded: {}", instance, lazyAddress(source), reason);
        }
    }

    private static Object lazyAddress(byte[] address) {
        return new Object() {
            @Override
            public String toString() {
                if (address == null || (address.length != 4 && address.length != 16)) {
                    return "?";
                }
                try {
                    return InetAddress.getByAddress(address).getHostAddress();
                } catch (java.net.UnknownHostException e) {
                    return "?";
                }
            }
        };
    }
}
