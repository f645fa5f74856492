package io.q2o.coder.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Bandit-class security rules on the Python syntax tree, each finding tagged with Bandit's id
 * ({@code [B307] …}) and a severity: {@link Severity#ERROR} fails the file (and triggers a
 * repair), {@link Severity#WARNING} is reported only.
 *
 * <p>Why this file is over 400 lines: it holds the whole rule table (about 40 Bandit ids with
 * their aliases and severities) next to the call-site resolution every rule depends on; each rule
 * is a few lines, and splitting the table from the resolution would separate a rule from the
 * names it matches.
 *
 * <p>Calls are resolved through imports and aliases ({@code import pickle as p},
 * {@code from os import system as run}, {@code from os import *}) and through
 * {@code getattr(module, "name")} with a constant name; built-ins count only when the module
 * does not define or import the name itself. Only code is looked at: names inside strings and
 * comments are never flagged (hard-coded keys in them are, see {@link SecretScanner}).
 *
 * <p>Design: one pre-order walk; a table maps resolved names to simple rules, and the rules
 * that look at arguments ({@code shell=True}, {@code Loader=}, {@code verify=False},
 * {@code usedforsecurity=False}, {@code timeout=}) have their own small methods.
 */
final class PythonSecurity {
    private PythonSecurity() {
    }

    private record Rule(String bandit, String id, Severity severity, String message) {
    }

    private static Rule error(String bandit, String id, String message) {
        return new Rule(bandit, id, Severity.ERROR, message);
    }

    private static final Set<String> DANGEROUS_BUILTINS = Set.of("eval", "exec", "compile", "__import__");
    private static final Set<String> SUBPROCESS_SHELL = Set.of("run", "call", "check_call", "check_output", "Popen");
    private static final Set<String> REQUESTS_CALLS = Set.of("get", "post", "put", "patch", "delete", "head", "options", "request");
    private static final Set<String> WEAK_HASHES = Set.of("md4", "md5", "sha", "sha1", "sha-1", "ripemd160");
    private static final Set<String> PASSWORD_WORDS = Set.of("password", "passwd", "pwd", "pass", "passphrase", "secret", "token");
    private static final List<String> PASSWORD_CONTEXT = List.of("password", "passwd", "pwd", "passphrase", "secret");
    private static final Set<String> WEAK_TLS = Set.of("ssl.PROTOCOL_SSLv2", "ssl.PROTOCOL_SSLv3", "ssl.PROTOCOL_TLSv1",
            "ssl.PROTOCOL_TLSv1_1", "OpenSSL.SSL.SSLv2_METHOD", "OpenSSL.SSL.SSLv3_METHOD", "OpenSSL.SSL.TLSv1_METHOD",
            "OpenSSL.SSL.TLSv1_1_METHOD");

    private static final Map<String, Rule> DIRECT = Map.ofEntries(
            Map.entry("os.system", error("B605", "security.os-system", "os.system() runs a shell command")),
            Map.entry("os.popen", error("B605", "security.os-popen", "os.popen() runs a shell command")),
            Map.entry("os.popen2", error("B605", "security.os-popen", "os.popen2() runs a shell command")),
            Map.entry("os.popen3", error("B605", "security.os-popen", "os.popen3() runs a shell command")),
            Map.entry("os.popen4", error("B605", "security.os-popen", "os.popen4() runs a shell command")),
            Map.entry("commands.getoutput", error("B605", "security.subprocess-shell", "commands.getoutput() runs through the shell")),
            Map.entry("subprocess.getoutput", error("B605", "security.subprocess-shell", "subprocess.getoutput() always runs through the shell")),
            Map.entry("subprocess.getstatusoutput", error("B605", "security.subprocess-shell", "subprocess.getstatusoutput() always runs through the shell")),
            Map.entry("asyncio.create_subprocess_shell", error("B602", "security.subprocess-shell",
                    "asyncio.create_subprocess_shell() runs the command through the shell; use asyncio.create_subprocess_exec()")),
            Map.entry("pickle.loads", error("B301", "security.pickle", "pickle.loads() can execute arbitrary code from its input")),
            Map.entry("pickle.load", error("B301", "security.pickle", "pickle.load() can execute arbitrary code from its input")),
            Map.entry("pickle.Unpickler", error("B301", "security.pickle", "pickle.Unpickler can execute arbitrary code from its input")),
            Map.entry("cPickle.loads", error("B301", "security.pickle", "cPickle.loads() can execute arbitrary code from its input")),
            Map.entry("cPickle.load", error("B301", "security.pickle", "cPickle.load() can execute arbitrary code from its input")),
            Map.entry("_pickle.loads", error("B301", "security.pickle", "_pickle.loads() can execute arbitrary code from its input")),
            Map.entry("_pickle.load", error("B301", "security.pickle", "_pickle.load() can execute arbitrary code from its input")),
            Map.entry("dill.loads", error("B301", "security.pickle", "dill.loads() can execute arbitrary code from its input")),
            Map.entry("dill.load", error("B301", "security.pickle", "dill.load() can execute arbitrary code from its input")),
            Map.entry("dill.Unpickler", error("B301", "security.pickle", "dill.Unpickler can execute arbitrary code from its input")),
            Map.entry("shelve.open", error("B301", "security.pickle", "shelve.open() unpickles its data and can execute arbitrary code")),
            Map.entry("shelve.DbfilenameShelf", error("B301", "security.pickle", "shelve unpickles its data and can execute arbitrary code")),
            Map.entry("jsonpickle.decode", error("B301", "security.pickle", "jsonpickle.decode() can execute arbitrary code from its input")),
            Map.entry("jsonpickle.unpickler.decode", error("B301", "security.pickle", "jsonpickle decode can execute arbitrary code from its input")),
            Map.entry("pandas.read_pickle", error("B301", "security.pickle", "pandas.read_pickle() can execute arbitrary code from its input")),
            Map.entry("marshal.loads", error("B302", "security.marshal", "marshal.loads() on untrusted data is unsafe")),
            Map.entry("marshal.load", error("B302", "security.marshal", "marshal.load() on untrusted data is unsafe")),
            Map.entry("tempfile.mktemp", error("B306", "security.mktemp",
                    "tempfile.mktemp() is open to a race (another process can create the file first); use tempfile.mkstemp() or NamedTemporaryFile")),
            Map.entry("telnetlib.Telnet", error("B312", "security.telnet", "telnetlib.Telnet sends everything, passwords included, in clear text; use SSH")),
            Map.entry("ftplib.FTP", error("B321", "security.ftp", "ftplib.FTP sends everything, passwords included, in clear text; use SFTP or ftplib.FTP_TLS")),
            Map.entry("ssl._create_unverified_context", error("B323", "security.unverified-ssl",
                    "ssl._create_unverified_context() turns off certificate verification")),
            Map.entry("ssl._create_stdlib_context", error("B323", "security.unverified-ssl",
                    "ssl._create_stdlib_context() does not verify certificates")),
            Map.entry("Crypto.Cipher.DES.new", error("B304", "security.weak-cipher", "DES is a broken cipher; use AES")),
            Map.entry("Crypto.Cipher.ARC2.new", error("B304", "security.weak-cipher", "RC2 is a broken cipher; use AES")),
            Map.entry("Crypto.Cipher.ARC4.new", error("B304", "security.weak-cipher", "RC4 is a broken cipher; use AES")),
            Map.entry("Crypto.Cipher.Blowfish.new", error("B304", "security.weak-cipher", "Blowfish is a weak cipher; use AES")),
            Map.entry("Crypto.Cipher.XOR.new", error("B304", "security.weak-cipher", "XOR is not a cipher; use AES")),
            Map.entry("Cryptodome.Cipher.DES.new", error("B304", "security.weak-cipher", "DES is a broken cipher; use AES")),
            Map.entry("Cryptodome.Cipher.ARC2.new", error("B304", "security.weak-cipher", "RC2 is a broken cipher; use AES")),
            Map.entry("Cryptodome.Cipher.ARC4.new", error("B304", "security.weak-cipher", "RC4 is a broken cipher; use AES")),
            Map.entry("Cryptodome.Cipher.Blowfish.new", error("B304", "security.weak-cipher", "Blowfish is a weak cipher; use AES")),
            Map.entry("cryptography.hazmat.primitives.ciphers.algorithms.ARC4", error("B304", "security.weak-cipher", "RC4 is a broken cipher; use AES")),
            Map.entry("cryptography.hazmat.primitives.ciphers.algorithms.Blowfish", error("B304", "security.weak-cipher", "Blowfish is a weak cipher; use AES")),
            Map.entry("cryptography.hazmat.primitives.ciphers.algorithms.IDEA", error("B304", "security.weak-cipher", "IDEA is a weak cipher; use AES")),
            Map.entry("cryptography.hazmat.primitives.ciphers.modes.ECB", new Rule("B305", "security.weak-cipher-mode", Severity.WARNING,
                    "ECB mode leaks patterns of the plaintext; use GCM or CBC with a MAC")),
            Map.entry("yaml.unsafe_load", error("B506", "security.yaml-load", "yaml.unsafe_load() can construct arbitrary objects")),
            Map.entry("yaml.unsafe_load_all", error("B506", "security.yaml-load", "yaml.unsafe_load_all() can construct arbitrary objects")));

    /** Adds the security findings of the tree (and of its string literals and comments) to {@code out}. */
    static void check(ParsedSource src, PythonNames names, List<Finding> out) {
        boolean mayHoldKeys = SecretScanner.mayContainKey(src.text);
        boolean flask = names.imports.stream().anyMatch(i -> i.contains("flask"));
        // cheap filters for the weak-TLS rule: an alias that stands for a weak protocol, an attribute named like one
        boolean weakAlias = names.aliases.values().stream().anyMatch(WEAK_TLS::contains);
        src.root.walk(n -> {
            switch (n.type) {
                case "call":
                    call(n, names, flask, out);
                    break;
                case "string_content":
                case "comment":
                    if (mayHoldKeys) {
                        SecretScanner.scan(src, n.start, n.text(), n.is("comment") ? "comment" : "string literal", out);
                    }
                    break;
                case "assignment":
                    hardcodedPassword(n.field("left"), n.field("right"), "B105", out);
                    break;
                case "keyword_argument":
                    hardcodedPassword(n.field("name"), n.field("value"), "B106", out);
                    break;
                case "default_parameter":
                case "typed_default_parameter":
                    hardcodedPassword(n.field("name"), n.field("value"), "B107", out);
                    break;
                case "attribute":
                case "identifier":
                    if ((n.parent == null || !n.parent.is("attribute") || n.field == null || !n.field.equals("object"))
                            && (n.is("attribute") ? weakTlsName(n.field("attribute")) : weakAlias)) {
                        weakTls(n, names, out);
                    }
                    break;
                default:
                    break;
            }
        });
    }

    private static void flag(List<Finding> out, SyntaxNode at, String bandit, String rule, Severity severity, String message) {
        out.add(new Finding(Category.SECURITY, severity, rule, (bandit == null ? "" : "[" + bandit + "] ") + message,
                at.line(), at.column()));
    }

    /** The qualified names a call's function may stand for. */
    private static List<String> candidates(SyntaxNode fn, PythonNames names) {
        List<String> out = new ArrayList<>(2);
        if (fn.is("identifier")) {
            String name = fn.text();
            if (names.aliases.containsKey(name)) {
                out.add(names.aliases.get(name));
            } else if (DANGEROUS_BUILTINS.contains(name) && names.isBuiltin(name)) {
                out.add("builtins." + name);
            } else {
                out.addAll(names.wildcardCandidates(name));
            }
        } else if (fn.is("attribute")) {
            String q = names.qualify(fn);
            if (q != null) {
                out.add(q);
            }
        } else if (fn.is("call")) {
            // getattr(os, "system")(cmd)
            SyntaxNode g = fn.field("function");
            if (g != null && g.is("identifier") && g.text().equals("getattr") && names.isBuiltin("getattr")) {
                SyntaxNode target = positional(fn, 0);
                SyntaxNode attr = positional(fn, 1);
                String constant = attr == null ? null : constantString(attr);
                String q = target == null ? null : names.qualify(target);
                if (constant != null && q != null) {
                    out.add(q.equals("builtins") || q.equals("__builtins__") ? "builtins." + constant : q + "." + constant);
                }
            }
        }
        return out;
    }

    private static void call(SyntaxNode call, PythonNames names, boolean flask, List<Finding> out) {
        SyntaxNode fn = call.field("function");
        if (fn == null) {
            return;
        }
        for (String q : candidates(fn, names)) {
            if (q.startsWith("builtins.") && DANGEROUS_BUILTINS.contains(q.substring(9))) {
                String b = q.substring(9);
                String rule = b.equals("__import__") ? "security.dynamic-import" : "security." + b;
                String bandit = b.equals("exec") ? "B102" : b.equals("eval") ? "B307" : null;
                flag(out, fn, bandit, rule, Severity.ERROR, b + "() runs dynamically built code; avoid it or use a safe alternative"
                        + (b.equals("eval") ? " such as ast.literal_eval()" : ""));
                return;
            }
            Rule direct = DIRECT.get(q);
            if (direct != null) {
                flag(out, fn, direct.bandit, direct.id, direct.severity, direct.message);
                return;
            }
            if (q.startsWith("subprocess.") && SUBPROCESS_SHELL.contains(q.substring(11))) {
                subprocessShell(call, q, out);
                return;
            }
            if (q.equals("yaml.load") || q.equals("yaml.load_all")) {
                yamlLoad(call, fn, q, names, out);
                return;
            }
            if (q.startsWith("hashlib.")) {
                weakHash(call, fn, q, out);
                return;
            }
            if (q.startsWith("requests.") || q.startsWith("httpx.")) {
                tls(call, fn, q, out);
                String m = q.substring(q.indexOf('.') + 1);
                if (q.startsWith("requests.") && REQUESTS_CALLS.contains(m) && keyword(call, "timeout") == null && !hasSplat(call)) {
                    flag(out, fn, "B113", "security.request-timeout", Severity.WARNING,
                            q + "() without timeout= can wait forever; pass a timeout");
                }
                return;
            }
        }
        if (fn.is("attribute")) {
            SyntaxNode attr = fn.field("attribute");
            String m = attr == null ? "" : attr.text();
            if (REQUESTS_CALLS.contains(m) || m.equals("send")) {
                tls(call, fn, m, out); // session.get(url, verify=False)
            } else if (flask && m.equals("run")) {
                SyntaxNode debug = keyword(call, "debug");
                if (debug != null && debug.text().strip().equals("True")) {
                    flag(out, debug, "B201", "security.flask-debug", Severity.WARNING,
                            "a Flask app run with debug=True exposes the Werkzeug debugger, which runs arbitrary code");
                }
            }
        }
    }

    private static void subprocessShell(SyntaxNode call, String q, List<Finding> out) {
        SyntaxNode shell = keyword(call, "shell");
        if (shell == null) {
            return;
        }
        String v = shell.text().strip();
        if (v.equals("True")) {
            flag(out, shell, "B602", "security.subprocess-shell", Severity.ERROR,
                    q + "(shell=True) runs the command through the shell; pass a list of arguments");
        } else if (!v.equals("False") && !v.equals("None") && !v.equals("0")) {
            flag(out, shell, "B602", "security.subprocess-shell-dynamic", Severity.WARNING,
                    q + "(shell=" + TreeSyntax.snippet(v) + ") may run the command through the shell");
        }
    }

    private static void yamlLoad(SyntaxNode call, SyntaxNode fn, String q, PythonNames names, List<Finding> out) {
        SyntaxNode loader = keyword(call, "Loader");
        if (loader == null) {
            loader = positional(call, 1);
        }
        String lq = loader == null ? null : names.qualify(loader);
        String lt = lq != null ? lq : loader == null ? "" : loader.text();
        if (!(lt.endsWith("SafeLoader") || lt.endsWith("CSafeLoader") || lt.endsWith("BaseLoader"))) {
            flag(out, fn, "B506", "security.yaml-load", Severity.ERROR,
                    q + "() without Loader=yaml.SafeLoader can construct arbitrary objects; use yaml.safe_load()");
        }
    }

    /** hashlib.md5/sha1/new("md5"…): an error on a password, a warning elsewhere, nothing with usedforsecurity=False. */
    private static void weakHash(SyntaxNode call, SyntaxNode fn, String q, List<Finding> out) {
        String algo = q.substring(8).toLowerCase(Locale.ROOT);
        if (algo.equals("new")) {
            SyntaxNode name = keyword(call, "name");
            if (name == null) {
                name = positional(call, 0);
            }
            String c = name == null ? null : constantString(name);
            if (c == null) {
                return;
            }
            algo = c.toLowerCase(Locale.ROOT);
        }
        if (!WEAK_HASHES.contains(algo)) {
            return;
        }
        SyntaxNode forSecurity = keyword(call, "usedforsecurity");
        if (forSecurity != null && forSecurity.text().strip().equals("False")) {
            return;
        }
        if (passwordContext(call)) {
            flag(out, fn, "B324", "security.weak-hash", Severity.ERROR,
                    algo + " is broken for passwords; use hashlib.scrypt, bcrypt or argon2");
        } else {
            flag(out, fn, "B324", "security.weak-hash", Severity.WARNING,
                    algo + " is a weak hash; pass usedforsecurity=False when it is not used for security, else use sha256");
        }
    }

    private static boolean passwordContext(SyntaxNode call) {
        String args = call.field("arguments") == null ? "" : call.field("arguments").text().toLowerCase(Locale.ROOT);
        String target = "";
        for (SyntaxNode p = call.parent; p != null && !p.type.endsWith("statement") && !p.is("block"); p = p.parent) {
            if (p.is("assignment") && p.field("left") != null) {
                target = p.field("left").text().toLowerCase(Locale.ROOT);
            }
        }
        for (String w : PASSWORD_CONTEXT) {
            if (args.contains(w) || target.contains(w)) {
                return true;
            }
        }
        java.util.regex.Matcher m = IDENTIFIER.matcher(args + " " + target);
        while (m.find()) {
            for (String w : words(m.group())) {
                if (w.equals("pw") || w.equals("pass")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern IDENTIFIER = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static void tls(SyntaxNode call, SyntaxNode fn, String what, List<Finding> out) {
        SyntaxNode verify = keyword(call, "verify");
        if (verify != null && verify.text().strip().equals("False")) {
            flag(out, verify, "B501", "security.tls-verify-disabled", Severity.ERROR,
                    what + "(verify=False) turns off certificate verification");
        }
    }

    private static final Set<String> WEAK_TLS_NAMES = WEAK_TLS.stream().map(q -> q.substring(q.lastIndexOf('.') + 1))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    private static boolean weakTlsName(SyntaxNode attribute) {
        return attribute != null && attribute.end - attribute.start > 8 && WEAK_TLS_NAMES.contains(attribute.text());
    }

    private static void weakTls(SyntaxNode n, PythonNames names, List<Finding> out) {
        if (!n.is("attribute") && !names.aliases.containsKey(n.text())) {
            return;
        }
        String q = names.qualify(n);
        if (q != null && WEAK_TLS.contains(q)) {
            flag(out, n, "B502", "security.weak-tls-version", Severity.ERROR,
                    q + " is a broken protocol version; use ssl.PROTOCOL_TLS_CLIENT (TLS 1.2+)");
        }
    }

    // ------------------------------------------------------------------ hard-coded passwords

    /** B105/B106/B107: a password-like name bound to a non-empty, non-placeholder string literal. */
    private static void hardcodedPassword(SyntaxNode name, SyntaxNode value, String bandit, List<Finding> out) {
        if (name == null || value == null || !value.is("string")) {
            return;
        }
        String target = name.is("identifier") ? name.text()
                : name.is("attribute") && name.field("attribute") != null ? name.field("attribute").text() : null;
        if (target == null || !passwordName(target)) {
            return;
        }
        String literal = constantString(value);
        if (literal == null || !looksLikeSecretValue(literal, target)) {
            return;
        }
        String where = bandit.equals("B106") ? "argument " : bandit.equals("B107") ? "default of " : "";
        flag(out, value, bandit, "security.hardcoded-password", Severity.ERROR,
                "hard-coded password in " + where + "'" + target + "'; read it from the environment or a secret store");
    }

    static boolean passwordName(String name) {
        List<String> words = words(name);
        if (words.isEmpty()) {
            return false;
        }
        String last = words.get(words.size() - 1);
        if (PASSWORD_WORDS.contains(last)) {
            return !(words.size() == 1 && last.equals("pass"));
        }
        return words.size() >= 2 && words.get(words.size() - 2).equals("secret") && last.equals("key");
    }

    private static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean boundary = c == '_' || c == '-' || Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1));
            if (boundary && w.length() > 0) {
                out.add(w.toString().toLowerCase(Locale.ROOT));
                w.setLength(0);
            }
            if (c != '_' && c != '-') {
                w.append(c);
            }
        }
        if (w.length() > 0) {
            out.add(w.toString().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    private static boolean looksLikeSecretValue(String v, String name) {
        String s = v.strip();
        if (s.isEmpty() || s.equalsIgnoreCase(name) || PASSWORD_WORDS.contains(s.toLowerCase(Locale.ROOT))) {
            return false;
        }
        if (s.startsWith("[") && s.endsWith("]") || s.startsWith("<") && s.endsWith(">")) {
            return false; // a special token of a text tokenizer: "[PAD]", "</s>"
        }
        if (s.matches("[A-Z][A-Z0-9_]*") || s.contains("://") || s.contains(" ") && s.length() > 40) {
            return false; // an environment variable's name, a URL, a sentence
        }
        String lower = s.toLowerCase(Locale.ROOT);
        for (String p : List.of("your", "<", "{", "%s", "%(", "xxx", "***", "...", "example", "placeholder", "dummy", "redacted")) {
            if (lower.contains(p)) {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ argument helpers

    /** The content of a plain string literal (no interpolation), or null. */
    static String constantString(SyntaxNode n) {
        if (!n.is("string")) {
            return null;
        }
        if (n.hasChildType("interpolation")) {
            return null;
        }
        SyntaxNode s = n.firstNamedChild("string_start");
        SyntaxNode e = n.firstNamedChild("string_end");
        if (s == null || e == null || e.start < s.end) {
            return null;
        }
        return n.source.text.substring(s.end, e.start);
    }

    private static boolean hasSplat(SyntaxNode call) {
        SyntaxNode args = call.field("arguments");
        return args != null && args.hasChildType("dictionary_splat");
    }

    static SyntaxNode keyword(SyntaxNode call, String name) {
        SyntaxNode args = call.field("arguments");
        if (args == null || !args.is("argument_list")) {
            return null;
        }
        for (SyntaxNode a : args.children) {
            if (a.is("keyword_argument")) {
                SyntaxNode n = a.field("name");
                if (n != null && n.text().equals(name)) {
                    return a.field("value");
                }
            }
        }
        return null;
    }

    static SyntaxNode positional(SyntaxNode call, int index) {
        SyntaxNode args = call.field("arguments");
        if (args == null || !args.is("argument_list")) {
            return null;
        }
        int i = 0;
        for (SyntaxNode a : args.children) {
            if (!a.named || a.isExtra() || a.is("keyword_argument") || a.is("dictionary_splat") || a.is("list_splat")) {
                continue;
            }
            if (i++ == index) {
                return a;
            }
        }
        return null;
    }
}
