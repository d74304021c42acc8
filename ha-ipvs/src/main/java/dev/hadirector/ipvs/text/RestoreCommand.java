package dev.hadirector.ipvs.text;

import dev.hadirector.ipvs.IpvsOperation;

/** One line of restore input turned into the operation it asks for. */
public record RestoreCommand(int line, String text, IpvsOperation operation) {
}
