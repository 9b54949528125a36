package io.haven;

import java.nio.charset.StandardCharsets;

/**
 * A pub/sub message: from a channel ({@link Kind#MESSAGE}), a pattern
 * ({@link Kind#PMESSAGE}, with the {@code pattern} that matched) or a shard
 * channel ({@link Kind#SMESSAGE}). Channel, pattern and payload are the
 * server's bytes; the String accessors decode them as UTF-8.
 */
public record Message(Kind kind, byte[] channel, byte[] pattern, byte[] payload) {
    public enum Kind { MESSAGE, PMESSAGE, SMESSAGE }

    public String channelString() {
        return new String(channel, StandardCharsets.UTF_8);
    }

    /** The pattern that matched (PMESSAGE), or null. */
    public String patternString() {
        return pattern == null ? null : new String(pattern, StandardCharsets.UTF_8);
    }

    public String payloadString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    static Message fromProto(io.haven.proto.PubSubMessage m) {
        Kind kind = switch (m.getKind()) {
            case PUBSUB_PMESSAGE -> Kind.PMESSAGE;
            case PUBSUB_SMESSAGE -> Kind.SMESSAGE;
            default -> Kind.MESSAGE;
        };
        return new Message(kind, m.getChannel().toByteArray(), m.hasPattern() ? m.getPattern().toByteArray() : null,
                m.getPayload().toByteArray());
    }

    @Override
    public String toString() {
        return "Message[" + kind + " " + channelString() + (pattern == null ? "" : " (" + patternString() + ")") + ": "
                + payloadString() + "]";
    }
}
