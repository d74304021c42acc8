package dev.hadirector.checks.io;

import java.util.PriorityQueue;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * A hashed timing wheel on an explicit clock: adding and cancelling a timeout cost O(1) whatever the number
 * pending (tens of thousands with one connect timeout and one round timer per check), where a binary heap costs
 * O(log n) and keeps cancelled entries until they fall due.
 *
 * <p>Time is cut into ticks of {@code tickNanos}; a timeout runs at the first tick boundary at or after its
 * deadline, so never early and at most one tick late (plus the owner's own latency). Timeouts due within one
 * revolution ({@code slots} ticks) sit in the slot of their tick; later ones wait in a heap and move into the wheel
 * as their revolution comes. Timeouts of the same tick run in the order they were added. A bitmap of non-empty
 * slots finds the next due tick without walking empty slots.
 *
 * <p>Not thread-safe: only the owner thread adds, expires and unlinks; {@link Timeout#cancel()} from any other
 * thread only marks the timeout, which is then dropped when its tick comes.
 */
public final class TimerWheel {

    static final int OVERFLOW = Integer.MAX_VALUE;

    private final long tickNanos;
    private final long originNanos;
    private final int mask;
    private final Timeout[] heads;
    private final Timeout[] tails;
    private final long[] occupied;
    private final PriorityQueue<Timeout> overflow = new PriorityQueue<>((a, b) ->
            a.fireTick != b.fireTick ? Long.compare(a.fireTick, b.fireTick) : Long.compare(a.sequence, b.sequence));
    private final BooleanSupplier onOwnerThread;
    /** The last tick whose slot has been run; ticks after it are pending. */
    private long expiredTick;
    private long sequence;
    private int size;

    /**
     * @param tickNanos     the wheel's resolution
     * @param slots         ticks in one revolution: a power of two, at least 64
     * @param nowNanos      the clock's current reading (ticks count from here)
     * @param onOwnerThread whether the calling thread is the one that owns the wheel
     */
    public TimerWheel(long tickNanos, int slots, long nowNanos, BooleanSupplier onOwnerThread) {
        if (tickNanos <= 0) {
            throw new IllegalArgumentException("tickNanos " + tickNanos + " out of range: must be positive");
        }
        if (slots < 64 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots " + slots + " out of range: must be a power of two >= 64");
        }
        this.tickNanos = tickNanos;
        this.originNanos = nowNanos;
        this.mask = slots - 1;
        this.heads = new Timeout[slots];
        this.tails = new Timeout[slots];
        this.occupied = new long[slots / 64];
        this.onOwnerThread = onOwnerThread;
    }

    /** Adds a task due at {@code deadlineNanos} on the wheel's clock. Owner thread only. */
    public Timeout add(long deadlineNanos, Runnable task) {
        Timeout t = new Timeout(this, deadlineNanos, sequence++, task);
        // The first tick boundary at or after the deadline; one already passed runs at the next pending tick.
        long offset = deadlineNanos - originNanos;
        t.fireTick = Math.max(Math.floorDiv(offset, tickNanos) + (Math.floorMod(offset, tickNanos) == 0 ? 0 : 1),
                expiredTick + 1);
        size++;
        place(t);
        return t;
    }

    private void place(Timeout t) {
        if (t.fireTick - expiredTick > mask + 1) {
            t.slot = OVERFLOW;
            overflow.add(t);
            return;
        }
        int slot = (int) (t.fireTick & mask);
        t.slot = slot;
        t.next = null;
        t.previous = tails[slot];
        if (tails[slot] == null) {
            heads[slot] = t;
            occupied[slot >>> 6] |= 1L << slot;
        } else {
            tails[slot].next = t;
        }
        tails[slot] = t;
    }

    /** Unlinks a timeout (cancelled on the owner thread); nothing if it already ran or left. */
    void remove(Timeout t) {
        int slot = t.slot;
        if (slot < 0) {
            return;
        }
        if (slot == OVERFLOW) {
            overflow.remove(t);
        } else {
            unlink(t, slot);
        }
        t.slot = -1;
        size--;
    }

    private void unlink(Timeout t, int slot) {
        if (t.previous == null) {
            heads[slot] = t.next;
        } else {
            t.previous.next = t.next;
        }
        if (t.next == null) {
            tails[slot] = t.previous;
        } else {
            t.next.previous = t.previous;
        }
        t.previous = null;
        t.next = null;
        if (heads[slot] == null) {
            occupied[slot >>> 6] &= ~(1L << slot);
        }
    }

    boolean onOwnerThread() {
        return onOwnerThread.getAsBoolean();
    }

    /**
     * Runs every timeout due at {@code nowNanos}, in tick order; a task may add timeouts (one already due runs in
     * this same call if its tick has passed). A task that throws is handed to {@code onError} and the rest still run.
     *
     * @return the number of tasks run
     */
    public int expire(long nowNanos, BiConsumer<Timeout, RuntimeException> onError) {
        long nowTick = Math.floorDiv(nowNanos - originNanos, tickNanos);
        int ran = 0;
        while (expiredTick < nowTick) {
            long tick = nextOccupiedTick();
            Timeout far = overflow.peek();
            if (far != null && (tick < 0 || far.fireTick < tick)) {
                // only after a clock jump of more than a revolution: the heap's first is due before the wheel's
                tick = Math.max(far.fireTick, expiredTick + 1);
            }
            if (tick < 0 || tick > nowTick) {
                expiredTick = nowTick;
                pullOverflow();
                break;
            }
            expiredTick = tick - 1;
            pullOverflow();
            expiredTick = tick;
            int slot = (int) (tick & mask);
            Timeout t;
            while ((t = heads[slot]) != null && t.fireTick <= tick) {
                unlink(t, slot);
                t.slot = -1;
                size--;
                if (t.cancelled()) {
                    continue;
                }
                ran++;
                try {
                    t.task.run();
                } catch (RuntimeException e) {
                    onError.accept(t, e);
                }
            }
        }
        return ran;
    }

    /** Moves the timeouts whose tick came within one revolution from the heap into the wheel. */
    private void pullOverflow() {
        Timeout t;
        while ((t = overflow.peek()) != null && t.fireTick - expiredTick <= mask + 1) {
            overflow.poll();
            t.fireTick = Math.max(t.fireTick, expiredTick + 1);
            place(t);
        }
    }

    /** The first pending tick with a timeout in the wheel, or -1 when the wheel is empty. */
    private long nextOccupiedTick() {
        int start = (int) ((expiredTick + 1) & mask);
        int words = occupied.length;
        int word = start >>> 6;
        long bits = occupied[word] & (-1L << start);
        for (int i = 0; i <= words; i++) {
            if (bits != 0) {
                int slot = (word << 6) | Long.numberOfTrailingZeros(bits);
                int distance = (slot - start) & mask;
                return expiredTick + 1 + distance;
            }
            word = (word + 1) % words;
            bits = occupied[word];
            if (i == words - 1) {
                // back at the starting word: only the slots before the start are left
                bits &= start % 64 == 0 ? 0 : ~(-1L << start);
            }
        }
        return -1;
    }

    /**
     * Nanoseconds from {@code nowNanos} until the next timeout may be due (0 when one is due already), or -1 when
     * none is pending. Cancelled-elsewhere timeouts still count until their tick comes.
     */
    public long nanosUntilNext(long nowNanos) {
        long tick = nextOccupiedTick();
        if (tick < 0) {
            Timeout first = overflow.peek();
            if (first == null) {
                return -1;
            }
            tick = first.fireTick;
        }
        return Math.max(0, originNanos + tick * tickNanos - nowNanos);
    }

    /** Timeouts pending (including those cancelled from another thread and not yet dropped). */
    public int size() {
        return size;
    }
}
