/**
 * ipvsadm's text formats: {@code -Sn} save, {@code -Ln} list views, and the {@code -R} restore parser.
 */
package dev.hadirector.ipvs.text;
