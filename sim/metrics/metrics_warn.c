/* A run's warnings (network bottlenecks, zkML's range and prover pool...):
 * og_metrics_warn's, kept through og_metrics_finish, then those the
 * finish computes (the links'), joined for the summary and the results
 * file's `warnings` attribute. */
#include <math.h>
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
  size_t n = m->nlen + m->lwlen + len;
  char *all = realloc(m->all_warnings, n + 1);
  if (!all) {
    m->oom = 1;
    return;
  }
  m->all_warnings = all;
  memcpy(all, m->notes ? m->notes : "", m->nlen);
  memcpy(all + m->nlen, m->load_warn ? m->load_warn : "", m->lwlen);
  memcpy(all + m->nlen + m->lwlen, more ? more : "", len);
  all[n] = 0;
}

const char *og_metrics_warnings(const struct og_metrics *m)
{
  return m->all_warnings ? m->all_warnings : "";
}

void og__metrics_warnings_free(struct og_metrics *m)
{
  free(m->notes);
  free(m->load_warn);
  free(m->all_warnings);
  m->notes = m->load_warn = m->all_warnings = NULL;
  m->nlen = m->ncap = m->lwlen = m->lwcap = 0;
}

/* Node classes busy at least this share of their online time are
 * overloaded or nearly so: at utilisation 0.95 an M/D/1 queue already waits
 * 9.5 service times on average, and at 1 the queue grows with the run's
 * length, so latency figures then depend on the duration and drain chosen.
 * A class of the continuous engine is busy whenever a sequence runs, loaded
 * or not: it is overloaded when requests waited for room (its running set
 * or KV memory full) most of the window. */
#define OVERLOAD_UTILISATION 0.95
#define OVERLOAD_SATURATION 0.5

static void load_append(struct og_metrics *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Appends to the warning's line (og__metrics_vappend ends each piece with a
 * newline: the next piece overwrites it). */
static void load_append(struct og_metrics *m, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  if (m->lwlen > 0)
    m->lwlen--; /* continue the line */
  if (og__metrics_vappend(&m->load_warn, &m->lwlen, &m->lwcap, fmt, ap) != 0)
    m->oom = 1;
  va_end(ap);
}

void og__metrics_load_warning(struct og_metrics *m)
{
  const struct og_scenario *sc = m->sc;
  const double *util = m->sum_class[OG_SUM_UTILISATION_CLASS];
  const double *sat = m->sum_class[OG_SUM_SATURATION_CLASS];
  m->lwlen = 0;
  if (m->load_warn)
    m->load_warn[0] = 0;
  int any = 0;
  for (size_t c = 0; util && c < sc->n_classes; c++) {
    int cont = sat && !isnan(sat[c]);
    double v = cont ? sat[c] : util[c];
    if (!(v >= (cont ? OVERLOAD_SATURATION : OVERLOAD_UTILISATION)))
      continue;
    load_append(m, "%s %s (%.0f%% %s)", any ? "," : "WARNING: overloaded node classes:",
                sc->classes[c].name, 100 * v,
                cont ? "of the window with requests waiting for room" : "busy");
    any = 1;
  }
  if (!any)
    return;
  load_append(m, ". Their queues grow with the run's length: latency figures depend on the "
                 "duration; lower the rate or add nodes for a steady state.");
  double fleet = m->sum[OG_SUM_UTILISATION];
  if (sc->n_classes > 1 && fleet < OVERLOAD_UTILISATION)
    load_append(m, " The fleet's utilisation (%.2f) averages them with the other classes: "
                   "it does not show their overload.", fleet);
}
