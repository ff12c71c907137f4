/* Human-readable printing of scalars and of the progress line. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"

static void format_value(char *buf, size_t len, double v, const char *unit)
{
  if (isnan(v))
    snprintf(buf, len, "-");
  else if (!strcmp(unit, "s") && fabs(v) < 1e-3 && v != 0)
    snprintf(buf, len, "%.3f us", v * 1e6);
  else if (!strcmp(unit, "s") && fabs(v) < 1)
    snprintf(buf, len, "%.3f ms", v * 1e3);
  else if (!strcmp(unit, "B"))
    snprintf(buf, len, "%.1f MiB", v / (1024.0 * 1024.0));
  else if (!*unit && v == floor(v) && fabs(v) < 1e15)
    snprintf(buf, len, "%.0f", v);
  else if (!*unit)
    snprintf(buf, len, "%.4f", v);
  else
    snprintf(buf, len, "%.6g %s", v, unit);
}

/* Section headings, printed before the summary entry that opens each. */
static const char *heading(const char *name)
{
  static const struct {
    const char *first, *title;
  } sections[] = {
    {"nodes", "traffic"},
    {"latency_mean", "latency"},
    {"batch_size_mean", "nodes"},
    {"dishonest_nodes", "fraud detection"},
    {"profit_per_result_honest", "economics"},
  };
  for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++)
    if (!strcmp(name, sections[i].first))
      return sections[i].title;
  return NULL;
}

void og_cli_print_scalars(FILE *f, const struct og_scalar *s, size_t n)
{
  char buf[64];
  for (size_t i = 0; i < n; i++) {
    const char *h = heading(s[i].name);
    if (h)
      fprintf(f, " %s:\n", h);
    format_value(buf, sizeof buf, s[i].value, s[i].unit ? s[i].unit : "");
    fprintf(f, "  %-26s %16s   %s\n", s[i].name, buf, s[i].desc ? s[i].desc : "");
    if (!strcmp(s[i].name, "requests_unfinished") && s[i].value > 0)
      fprintf(f, "  WARNING: %.0f requests were still unresolved at the hard stop (duration + "
              "drain + timeout x (1 + max_retries)); the latency figures leave them out\n",
              s[i].value);
  }
}

void og_cli_progress(void *ud, const struct og_progress *p)
{
  struct progress_state *ps = ud;
  if (p->wall < 2.0 || p->wall - ps->last_print < 0.25 || !isatty(STDERR_FILENO))
    return;
  ps->last_print = p->wall;
  ps->printed = 1;
  double frac = p->sim_end > 0 ? fmin(1.0, p->sim_time / p->sim_end) : 1.0;
  double eta = frac > 0 ? p->wall * (1 - frac) / frac : NAN;
  fprintf(stderr, "\r[%3.0f%%] sim %.1f/%.1f s  %llu requests  %.0f req/s  ETA %.0f s   ",
          100 * frac, p->sim_time, p->sim_end, p->resolved, (double)p->resolved / p->wall, eta);
  fflush(stderr);
}

void og_cli_progress_end(void *ud)
{
  struct progress_state *ps = ud;
  if (ps->printed)
    fputc('\n', stderr);
}
