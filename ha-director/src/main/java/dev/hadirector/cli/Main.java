package dev.hadirector.cli;

/** Entry point of {@code ha-director.jar}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.err.println("ha-director: not implemented yet");
        System.exit(2);
    }
}
