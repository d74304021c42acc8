package dev.hadirector.cli;

import dev.hadirector.ipvs.cli.IpvsCommand;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ha-director ipvs save|list|restore|apply}: the IPVS table in ipvsadm's formats, handled by
 * {@link IpvsCommand} of ha-ipvs (its exit codes: 0 done, 1 the kernel refused, 2 bad usage or input).
 */
public final class IpvsCliCommand implements Command {
    static final String NAME = "ipvs";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String summary() {
        return "show, save, restore or apply the IPVS table in ipvsadm's formats (ipvs help)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        return IpvsCommand.run(args, out, err);
    }
}
