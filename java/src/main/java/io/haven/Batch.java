package io.haven;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.haven.proto.Command;
import java.util.ArrayList;
import java.util.List;

/**
 * Several commands sent as one request: a transaction ({@link #transaction()},
 * MULTI/EXEC on one node, atomic) or a pipeline ({@link #pipeline()}, split
 * per node in a cluster, replies in order). {@link HavenClient#exec} returns
 * the replies in order; a command the server refused has a
 * {@link ResponseException} as its entry. Not thread-safe while being built.
 */
public final class Batch {
    final boolean atomic;
    final List<Command> commands = new ArrayList<>();
    boolean binary;

    private Batch(boolean atomic) {
        this.atomic = atomic;
    }

    public static Batch transaction() {
        return new Batch(true);
    }

    public static Batch pipeline() {
        return new Batch(false);
    }

    /** Bulk string replies as byte[] instead of String. */
    public Batch binary(boolean binary) {
        this.binary = binary;
        return this;
    }

    public Batch add(String... args) {
        Command.Builder c = Command.newBuilder();
        for (String a : args) c.addArgs(ByteString.copyFromUtf8(a));
        commands.add(c.build());
        return this;
    }

    public Batch add(byte[]... args) {
        Command.Builder c = Command.newBuilder();
        for (byte[] a : args) c.addArgs(ByteString.copyFrom(a));
        commands.add(c.build());
        return this;
    }

    public int size() {
        return commands.size();
    }

    static ByteString wrap(byte[] b) {
        return UnsafeByteOperations.unsafeWrap(b);
    }
}
