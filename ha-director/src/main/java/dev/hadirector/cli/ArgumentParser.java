package dev.hadirector.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses GNU-style options: short ({@code -f FILE}, {@code -fFILE}, bundled flags {@code -tn}), long
 * ({@code --use-file FILE}, {@code --use-file=FILE}), {@code --} ending options. Everything not an option is
 * a positional argument.
 */
public final class ArgumentParser {
    /**
     * One option.
     *
     * @param key       the name the command looks the option up by
     * @param names     its spellings, e.g. {@code -f} and {@code --use-file}
     * @param valueName null for a flag, else the placeholder shown in help ({@code FILE})
     * @param help      one line for {@code --help}
     */
    public record Option(String key, List<String> names, String valueName, String help) {
        public Option {
            Objects.requireNonNull(key, "key");
            names = List.copyOf(names);
            Objects.requireNonNull(help, "help");
            for (String name : names) {
                boolean shortName = name.length() == 2 && name.charAt(0) == '-' && name.charAt(1) != '-';
                boolean longName = name.length() > 2 && name.startsWith("--");
                if (!shortName && !longName) {
                    throw new IllegalArgumentException("option name '" + name + "' invalid: must be -x or --word");
                }
            }
        }

        public static Option flag(String key, String help, String... names) {
            return new Option(key, List.of(names), null, help);
        }

        public static Option value(String key, String valueName, String help, String... names) {
            return new Option(key, List.of(names), valueName, help);
        }

        public boolean takesValue() {
            return valueName != null;
        }

        /** "-f, --use-file FILE". */
        public String synopsis() {
            return String.join(", ", names) + (takesValue() ? " " + valueName : "");
        }
    }

    /** The outcome: option values by key (flags map to "") and the positional arguments in order. */
    public record Parsed(Map<String, String> options, List<String> positionals) {
        public Parsed {
            options = Map.copyOf(options);
            positionals = List.copyOf(positionals);
        }

        public boolean has(String key) {
            return options.containsKey(key);
        }

        public Optional<String> value(String key) {
            return Optional.ofNullable(options.get(key));
        }
    }

    private final List<Option> options;
    private final Map<String, Option> byName = new HashMap<>();

    public ArgumentParser(List<Option> options) {
        this.options = List.copyOf(options);
        for (Option option : this.options) {
            for (String name : option.names()) {
                if (byName.put(name, option) != null) {
                    throw new IllegalArgumentException("option name '" + name + "' declared twice");
                }
            }
        }
    }

    public List<Option> options() {
        return options;
    }

    public Parsed parse(List<String> args) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> positionals = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = Objects.requireNonNullElse(args.get(i), "");
            if (arg.equals("--")) {
                positionals.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (arg.startsWith("--")) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg : arg.substring(0, eq);
                Option option = known(name);
                if (option.takesValue()) {
                    if (eq >= 0) {
                        put(values, option, name, arg.substring(eq + 1));
                    } else {
                        put(values, option, name, next(args, ++i, name, option));
                    }
                } else if (eq >= 0) {
                    throw new UsageException("option " + name + " takes no value (got '" + arg.substring(eq + 1) + "')");
                } else {
                    put(values, option, name, "");
                }
            } else if (arg.startsWith("-") && arg.length() > 1) {
                // -tn is -t -n; -fFILE is -f FILE
                for (int c = 1; c < arg.length(); c++) {
                    String name = "-" + arg.charAt(c);
                    Option option = known(name);
                    if (option.takesValue()) {
                        String value = c + 1 < arg.length() ? arg.substring(c + 1) : next(args, ++i, name, option);
                        put(values, option, name, value);
                        break;
                    }
                    put(values, option, name, "");
                }
            } else {
                positionals.add(arg);
            }
        }
        return new Parsed(values, positionals);
    }

    private Option known(String name) throws UsageException {
        Option option = byName.get(name);
        if (option == null) {
            throw new UsageException("unknown option '" + name + "'");
        }
        return option;
    }

    private static String next(List<String> args, int index, String name, Option option) throws UsageException {
        if (index >= args.size() || args.get(index) == null) {
            throw new UsageException("option " + name + " needs a value (" + option.valueName() + ")");
        }
        return args.get(index);
    }

    private static void put(Map<String, String> values, Option option, String name, String value)
            throws UsageException {
        String previous = values.put(option.key(), value);
        if (previous != null && option.takesValue() && !previous.equals(value)) {
            throw new UsageException("option " + name + " given twice ('" + previous + "' and '" + value + "')");
        }
    }

    /** Two-column option help, one option a line. */
    public String help() {
        int width = options.stream().mapToInt(o -> o.synopsis().length()).max().orElse(0);
        StringBuilder text = new StringBuilder();
        for (Option option : options) {
            text.append("  ").append(option.synopsis())
                    .append(" ".repeat(width - option.synopsis().length() + 2))
                    .append(option.help()).append('\n');
        }
        return text.toString();
    }
}
