/** HTTP_GET and SSL_GET: the request keepalived sends, status codes, MD5 digest, regex, virtual host, SNI and optional verification. */
package dev.hadirector.checks.http;
