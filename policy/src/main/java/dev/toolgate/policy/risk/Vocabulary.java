package dev.toolgate.policy.risk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The words the classifier recognises, and how it cuts names and text into words. Kept apart from the rules so that
 * {@code docs/risk.md} can list them and a table test can pin them.
 */
final class Vocabulary {
    /** Verbs by the class they put a tool in. A word is looked up as written, then without a plural/3rd-person ending. */
    static final Map<RiskClass, Set<String>> VERBS = Map.of(
            RiskClass.READ, Set.of("get", "list", "read", "search", "find", "fetch", "describe", "show", "view", "lookup",
                    "count", "check", "inspect", "browse", "retrieve", "query", "echo", "explain", "summarize", "summarise",
                    "preview", "diff", "compare", "analyze", "analyse", "whoami", "ping", "download", "export", "print",
                    "return", "info", "stat", "tree", "validate", "calculate", "compute", "sum", "convert", "translate",
                    "render", "navigate", "screenshot", "watch", "test", "lint", "estimate", "history", "log", "logs"),
            RiskClass.WRITE, Set.of("create", "update", "set", "add", "send", "post", "put", "write", "edit", "modify",
                    "patch", "insert", "upload", "push", "merge", "commit", "move", "rename", "copy", "publish", "assign",
                    "comment", "reply", "fork", "save", "store", "toggle", "enable", "disable", "pause", "resume",
                    "approve", "close", "reopen", "label", "star", "unstar", "invite", "schedule", "book", "register",
                    "subscribe", "unsubscribe", "mark", "react", "pin", "unpin", "lock", "unlock", "tag", "upsert",
                    "append", "replace", "import", "sync", "notify", "compress", "archive", "stop", "click", "fill",
                    "select", "hover", "type", "submit", "request", "share", "mkdir", "make", "generate", "review"),
            RiskClass.EXECUTE, Set.of("run", "execute", "exec", "trigger", "invoke", "start", "launch", "eval",
                    "evaluate", "deploy", "apply", "build", "dispatch", "spawn", "restart", "perform", "rerun", "retry",
                    "compile", "install", "shell", "bash", "sh", "rollout", "provision", "scale"),
            RiskClass.DESTRUCTIVE, Set.of("delete", "remove", "drop", "destroy", "terminate", "purge", "erase", "wipe",
                    "truncate", "kill", "revoke", "cancel", "reset", "overwrite", "uninstall", "rm", "unlink", "abort",
                    "shutdown", "clear", "flush", "discard", "deprovision", "force", "rmdir", "ban", "void"),
            RiskClass.FINANCIAL, Set.of("pay", "refund", "transfer", "purchase", "buy", "withdraw", "payout", "charge",
                    "checkout", "tip", "donate", "capture", "sell", "trade", "swap", "bid"));

    /** Nouns that make a changing verb a financial one: {@code create_payment_intent}, {@code send_money}. */
    static final Set<String> MONEY_NOUNS = Set.of("payment", "refund", "payout", "charge", "invoice", "subscription",
            "transfer", "money", "fund", "funds", "price", "coupon", "wallet", "balance", "order", "card", "billing",
            "transaction", "payment_intent", "paymentintent", "credit", "crypto", "token_swap");

    /** Input names (lowercase, without _ and -) that carry code, commands or query languages the caller writes. */
    static final Set<String> CODE_INPUTS = Set.of("sql", "code", "script", "command", "cmd", "expression", "statement",
            "program", "shell", "javascript", "js", "python", "eval", "sourcecode", "sqlquery", "querysql",
            "shellcommand", "commandline", "bashcommand", "cypher", "graphql", "jq", "function", "functiondeclaration");
    /** Input names whose last word alone marks code: {@code raw_sql}, {@code run_command}. */
    static final Set<String> CODE_INPUT_ENDINGS = Set.of("sql", "script", "command", "cmd", "expression", "statement", "cypher");
    /** Input names that carry a free-form search or filter language. */
    static final Set<String> QUERY_INPUTS = Set.of("query", "q", "querystring", "searchquery", "search", "filter", "jql", "where");
    /** Input names that carry a URL. */
    static final Set<String> URL_INPUTS = Set.of("url", "uri", "endpoint", "webhook", "webhookurl", "callback",
            "callbackurl", "href", "link", "targeturl", "baseurl");
    /** Input names that carry an amount of money. */
    static final Set<String> AMOUNT_INPUTS = Set.of("amount", "unitamount", "amountcents", "price", "cost", "fee",
            "total", "currency", "value_cents", "amountincents");

    /** Name words that make a change act on many objects at once. */
    static final Set<String> BULK_WORDS = Set.of("all", "every", "bulk", "batch", "mass", "everything");
    /** Phrases in a description that say a change cannot be undone. */
    static final List<String> IRREVERSIBLE_PHRASES = List.of("for good", "permanent", "irreversib", "cannot be undone",
            "can not be undone", "can't be undone", "no way to recover", "forever");
    /** Phrases in a description that say a tool hands out secrets. */
    static final List<String> SECRET_PHRASES = List.of("environment variable", "secret", "credential", "password",
            "api key", "private key", "access token");

    private Vocabulary() {
    }

    /** Words of a name or text: split at anything not a letter or digit and at lowerUpper case changes; lower case. */
    static List<String> words(String text, int limit) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char previous = 0;
        for (int i = 0; i < text.length() && words.size() < limit; i++) {
            char c = text.charAt(i);
            boolean letterOrDigit = Character.isLetterOrDigit(c);
            boolean caseBreak = letterOrDigit && Character.isUpperCase(c) && Character.isLowerCase(previous);
            if ((!letterOrDigit || caseBreak) && !word.isEmpty()) {
                words.add(word.toString().toLowerCase(Locale.ROOT));
                word.setLength(0);
            }
            if (letterOrDigit) {
                word.append(c);
            }
            previous = c;
        }
        if (!word.isEmpty() && words.size() < limit) {
            words.add(word.toString().toLowerCase(Locale.ROOT));
        }
        return words;
    }

    /** The word as written, then without {@code ies}/{@code es}/{@code s}: {@code deletes} → {@code delete}. */
    static List<String> forms(String word) {
        List<String> forms = new ArrayList<>(4);
        forms.add(word);
        if (word.endsWith("ies") && word.length() > 4) {
            forms.add(word.substring(0, word.length() - 3) + "y");
        }
        if (word.endsWith("es") && word.length() > 3) {
            forms.add(word.substring(0, word.length() - 2));
        }
        if (word.endsWith("s") && word.length() > 2) {
            forms.add(word.substring(0, word.length() - 1));
        }
        return forms;
    }

    /** The class a verb puts a tool in, or null when the word is no verb the vocabulary knows. */
    static RiskClass verbClass(String word) {
        for (String form : forms(word)) {
            for (RiskClass c : RiskClass.values()) {
                if (VERBS.get(c).contains(form)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The form of {@code word} in {@code set}, or null. */
    static String formIn(String word, Set<String> set) {
        for (String form : forms(word)) {
            if (set.contains(form)) {
                return form;
            }
        }
        return null;
    }

    /** An input name squeezed for lookup: lower case, without {@code _} and {@code -}. */
    static String squeezed(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
