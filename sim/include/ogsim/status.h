/* Status codes shared by every ogsim module, and their messages. */
#ifndef OG_STATUS_H
#define OG_STATUS_H

#include <stddef.h>

#define OG_MUST_CHECK __attribute__((warn_unused_result))

enum og_status {
  OG_OK = 0,
  OG_ENOMEM,     /* allocation failed */
  OG_EIO,        /* file could not be read or written */
  OG_EPARSE,     /* malformed document (YAML syntax, HDF5 layout) */
  OG_EINVAL,     /* well-formed input with a bad value, key or type */
  OG_ESIM,       /* the simulation engine failed */
};

const char *og_strerror(enum og_status st);

/* Where a failing function leaves a human-readable account of what went
 * wrong: "file:line:col: key.path: message". Owned by the caller. */
struct og_error {
  char msg[1024];
};

/* printf-style fill of err (NULL allowed); returns st so callers can write
 * `return og_error_set(err, OG_EINVAL, ...)`. */
enum og_status og_error_set(struct og_error *err, enum og_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
