/* Status messages and the error-message helper. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>

const char *og_strerror(enum og_status st)
{
  switch (st) {
  case OG_OK: return "ok";
  case OG_ENOMEM: return "out of memory";
  case OG_EIO: return "input/output error";
  case OG_EPARSE: return "malformed document";
  case OG_EINVAL: return "invalid value";
  case OG_ESIM: return "simulation engine error";
  }
  return "unknown status";
}

enum og_status og_error_set(struct og_error *err, enum og_status st, const char *fmt, ...)
{
  if (err) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
  }
  return st;
}
