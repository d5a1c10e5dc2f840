/*
 * version: the one place goiso's version is written. The Makefile reads it
 * for the Debian package, every program prints it with --version.
 */
#ifndef GOISO_VERSION_H
#define GOISO_VERSION_H

#define GOISO_VERSION "0.3.0"

#endif
