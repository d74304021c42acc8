package dev.hadirector.checks.http;

import dev.hadirector.checks.io.Inbox;

/** The connection's inbox as {@link ReceivedBytes}. */
final class InboxBytes implements ReceivedBytes {

    private final Inbox inbox;

    InboxBytes(Inbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public int length() {
        return inbox.length();
    }

    @Override
    public byte byteAt(int index) {
        return inbox.byteAt(index);
    }

    @Override
    public void copyTo(int from, byte[] target, int offset, int count) {
        inbox.copyTo(from, target, offset, count);
    }
}
