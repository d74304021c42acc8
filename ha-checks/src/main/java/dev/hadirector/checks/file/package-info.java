/** FILE_CHECK: a number in a file sets up/down or the weight. */
package dev.hadirector.checks.file;
