/** {@code ha-director.jar ipvs ...}: save, list, restore and apply from the command line. */
package dev.hadirector.ipvs.cli;
