/* A run's warnings (network bottlenecks, zkML's range and prover pool...):
 * og_metrics_warn's, kept through og_metrics_finish, then those the
 * finish computes (the links'), joined for the summary and the results
 * file's `warnings` attribute. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grow.h"
#include "metrics_internal.h"

int og__metrics_vappend(char **buf, size_t *len, size_t *cap, const char *fmt, va_list ap)
{
  va_list aq;
  va_copy(aq, ap);
  int k = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  if (k < 0 || og_grow((void **)buf, cap, *len + (size_t)k + 2, 1, 256))
    return -1;
  vsnprintf(*buf + *len, (size_t)k + 1, fmt, ap);
  *len += (size_t)k;
  (*buf)[(*len)++] = '\n';
  (*buf)[*len] = 0;
  return 0;
}

void og_metrics_warn(struct og_metrics *m, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  if (og__metrics_vappend(&m->notes, &m->nlen, &m->ncap, fmt, ap) != 0)
    m->oom = 1;
  va_end(ap);
}

void og__metrics_warnings_join(struct og_metrics *m, const char *more, size_t len)
{
  size_t n = m->nlen + len;
  char *all = realloc(m->all_warnings, n + 1);
  if (!all) {
    m->oom = 1;
    return;
  }
  m->all_warnings = all;
  memcpy(all, m->notes ? m->notes : "", m->nlen);
  memcpy(all + m->nlen, more ? more : "", len);
  all[n] = 0;
}

const char *og_metrics_warnings(const struct og_metrics *m)
{
  return m->all_warnings ? m->all_warnings : "";
}

void og__metrics_warnings_free(struct og_metrics *m)
{
  free(m->notes);
  free(m->all_warnings);
  m->notes = m->all_warnings = NULL;
  m->nlen = m->ncap = 0;
}
