/** When checks run: interval, retries, rise/fall, alpha and warmup jitter, on an injectable clock (real or virtual). */
package dev.hadirector.checks.schedule;
