package io.q2o.llm.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** One of the module's Lua scripts (with the decimal helpers prepended), run with EVALSHA and loaded on NOSCRIPT. */
final class LuaScript {
    static final LuaScript COUNT = load("count");
    static final LuaScript RELEASE = load("release");
    static final LuaScript RESERVE = load("reserve");
    static final LuaScript COMMIT = load("commit");
    static final LuaScript SEED = load("seed");
    static final LuaScript READ = load("read");

    private final String name;
    private final byte[] body;
    private final String sha;

    private LuaScript(String name, byte[] body) {
        this.name = name;
        this.body = body;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LuaScript load(String name) {
        String text = resource("decimal") + "\n" + resource(name);
        return new LuaScript(name, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String resource(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script " + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the script's SHA-1, as Redis names it */
    String sha() {
        return sha;
    }

    /**
     * Runs the script; if Redis does not have it (first use, restart, SCRIPT FLUSH), loads it and runs it again.
     *
     * @param redis the commands
     * @param keys  the keys
     * @param args  the arguments, UTF-8 strings
     * @return the script's array reply: {@code Long} integers and {@code byte[]} strings
     */
    List<Object> run(RedisCommands<String, byte[]> redis, String[] keys, String... args) {
        byte[][] values = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i].getBytes(StandardCharsets.UTF_8);
        }
        try {
            return redis.evalsha(sha, ScriptOutputType.MULTI, keys, values);
        } catch (RedisNoScriptException e) {
            redis.scriptLoad(body);
            return redis.evalsha(sha, ScriptOutputType.MULTI, keys, values);
        }
    }

    /**
     * @param o an element of a script reply
     * @return it as a string
     */
    static String string(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return String.valueOf(o);
    }

    /**
     * @param o an element of a script reply
     * @return it as a number
     */
    static long number(Object o) {
        if (o instanceof Long l) {
            return l;
        }
        return Long.parseLong(string(o));
    }

    @Override
    public String toString() {
        return name + ".lua";
    }
}
