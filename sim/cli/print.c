/* Human-readable printing of scalars and of the progress line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "engine.h"
#include "summary.h"

/* A value with four significant digits, its unit scaled to the value's
 * size (2.1 us, 3.4 k/s, 1.25 GiB): fixed decimals printed 2e-6 as 0.0000.
 * Whole unitless numbers (counts) print whole. */
static void scaled(char *buf, size_t len, double v, const char *const *units,
                   const double *factors, size_t n)
{
  size_t k = 0;
  while (k + 1 < n && fabs(v) >= factors[k + 1])
    k++;
  while (k > 0 && fabs(v) < factors[k] && v != 0)
    k--;
  snprintf(buf, len, "%.4g %s", v / factors[k], units[k]);
}

static void format_value(char *buf, size_t len, double v, const char *unit)
{
  static const char *const sec[] = {"ns", "us", "ms", "s"};
  static const double sec_f[] = {1e-9, 1e-6, 1e-3, 1};
  static const char *const bytes[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  static const double bytes_f[] = {1, 1024.0, 1048576.0, 1073741824.0, 1099511627776.0};
  static const char *const rate[] = {"1/s", "k/s", "M/s", "G/s"};
  static const double rate_f[] = {1, 1e3, 1e6, 1e9};
  static const char *const bw[] = {"B/s", "kB/s", "MB/s", "GB/s", "TB/s"};
  static const double bw_f[] = {1, 1e3, 1e6, 1e9, 1e12};
  if (isnan(v))
    snprintf(buf, len, "-");
  else if (isinf(v))
    snprintf(buf, len, "%s", v < 0 ? "-inf" : "inf");
  else if (!strcmp(unit, "s") && fabs(v) < 1)
    scaled(buf, len, v, sec, sec_f, 4);
  else if (!strcmp(unit, "B"))
    scaled(buf, len, v, bytes, bytes_f, 5);
  else if (!strcmp(unit, "1/s"))
    scaled(buf, len, v, rate, rate_f, 4);
  else if (!strcmp(unit, "B/s"))
    scaled(buf, len, v, bw, bw_f, 5);
  else if (!*unit && v == floor(v) && fabs(v) < 1e15)
    snprintf(buf, len, "%.0f", v);
  else if (!*unit)
    snprintf(buf, len, "%.4g", v);
  else
    snprintf(buf, len, "%.4g %s", v, unit);
}

static double value_of(const struct og_scalar *s, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (!strcmp(s[i].name, name))
      return s[i].value;
  return 0;
}

/* What the hard stop cut off, if anything: requests and checks still open. */
static void cut_off_warning(FILE *f, const struct og_scalar *s, size_t n)
{
  double req = value_of(s, n, "requests_unfinished"), chk = value_of(s, n, "checks_unfinished");
  if (!(req > 0) && !(chk > 0))
    return;
  fprintf(f, "  WARNING: the run was cut off at the hard stop (duration + drain + timeout x "
          "(1 + max_retries)):");
  if (req > 0)
    fprintf(f, " %.0f requests still unresolved (the latency figures leave them out)%s", req,
            chk > 0 ? ";" : "");
  if (chk > 0)
    fprintf(f, " %.0f checks unfinished (the bad results they owed a verdict are in "
            "bad_results_pending, not bad_results_undetected)", chk);
  fprintf(f, "\n");
}

/* Joins refused (churn): a class's slots were all taken. */
static void refused_warning(FILE *f, double refused)
{
  if (refused > 0)
    fprintf(f, "  WARNING: %.0f joins found every slot of their class taken and were refused: "
            "a churning class's count (its slots) is too small for join_rate x the mean "
            "session; raise count unless a cap on the nodes online is meant (docs/churn.md)\n",
            refused);
}

/* Node classes busy at least this share of the window are overloaded or
 * nearly so: at utilisation 0.95 an M/D/1 queue already waits 9.5 service
 * times on average, and at 1 the queue grows with the run's length, so
 * latency figures then depend on the duration and drain chosen. A class
 * of the continuous engine is busy whenever a sequence runs, loaded or
 * not: it is overloaded when requests waited for room (its running set or
 * KV memory full) most of the window. */
#define OVERLOAD_UTILISATION 0.95
#define OVERLOAD_SATURATION 0.5

static int is_class_utilisation(const struct og_scalar *s)
{
  return !strncmp(s->name, "utilisation_", 12);
}

static int is_class_load(const struct og_scalar *s)
{
  return is_class_utilisation(s) || !strncmp(s->name, "saturation_", 11);
}

/* The class's saturation entry, or NULL (not a continuous class). */
static const struct og_scalar *saturation(const struct og_scalar *s, size_t n, const char *cls)
{
  for (size_t i = 0; i < n; i++)
    if (!strncmp(s[i].name, "saturation_", 11) && !strcmp(s[i].name + 11, cls))
      return isnan(s[i].value) ? NULL : &s[i];
  return NULL;
}

/* After the per-class utilisations: name the classes busy nearly always,
 * or, continuous ones, whose requests waited for room most of the time. */
static void overload_warning(FILE *f, const struct og_scalar *s, size_t n)
{
  int any = 0;
  for (size_t i = 0; i < n; i++) {
    if (!is_class_utilisation(&s[i]))
      continue;
    const struct og_scalar *sat = saturation(s, n, s[i].name + 12);
    if (sat ? sat->value < OVERLOAD_SATURATION : s[i].value < OVERLOAD_UTILISATION)
      continue;
    fprintf(f, "%s %s (%.0f%% %s)", any ? "," : "  WARNING: overloaded node classes:",
            s[i].name + 12, 100 * (sat ? sat->value : s[i].value),
            sat ? "of the window with requests waiting for room" : "busy");
    any = 1;
  }
  if (any)
    fprintf(f, ". Their queues grow with the run's length: latency figures depend on the "
            "duration; lower the rate or add nodes for a steady state.\n");
}

/* Print entries [lo, hi) of s (n of them: the warnings look at all). */
static void print_range(FILE *f, const struct og_scalar *s, size_t n, size_t lo, size_t hi)
{
  char buf[64];
  int width = 26; /* the names' column: the longest name, at least 26 */
  for (size_t i = 0; i < n; i++)
    if ((int)strlen(s[i].name) > width && strlen(s[i].name) < 64)
      width = (int)strlen(s[i].name);
  enum og_section prev = OG_SEC_NONE;
  for (size_t i = lo; i < hi; i++) {
    enum og_section sec = og_summary_section_of(s[i].name);
    if (sec != prev && og_summary_section_title(sec))
      fprintf(f, " %s:\n", og_summary_section_title(sec));
    prev = sec;
    format_value(buf, sizeof buf, s[i].value, s[i].unit ? s[i].unit : "");
    fprintf(f, "  %-*s %16s   %s\n", width, s[i].name, buf, s[i].desc ? s[i].desc : "");
    if (!strcmp(s[i].name, "requests_unfinished"))
      cut_off_warning(f, s, n);
    if (!strcmp(s[i].name, "joins_refused"))
      refused_warning(f, s[i].value);
    if (is_class_load(&s[i]) && (i + 1 == n || !is_class_load(&s[i + 1])))
      overload_warning(f, s, n);
  }
}

void og_cli_print_scalars(FILE *f, const struct og_scalar *s, size_t n)
{
  print_range(f, s, n, 0, n);
}

/* Whether the section of entry i (entries i .. *end) has only 0 and NaN. */
static int section_empty(const struct og_scalar *s, size_t n, size_t i, size_t *end)
{
  enum og_section sec = og_summary_section_of(s[i].name);
  int empty = 1;
  size_t j = i;
  for (; j < n && og_summary_section_of(s[j].name) == sec; j++)
    empty &= isnan(s[j].value) || s[j].value == 0;
  *end = j;
  return empty;
}

void og_cli_print_summary(FILE *f, const struct og_scalar *s, size_t n, int all)
{
  size_t i = 0, end;
  while (i < n) {
    enum og_section sec = og_summary_section_of(s[i].name);
    int empty = section_empty(s, n, i, &end);
    if (!all && empty && sec != OG_SEC_NONE && og_summary_section_title(sec))
      fprintf(f, " %s: every entry 0 or - (--all prints them)\n", og_summary_section_title(sec));
    else
      print_range(f, s, n, i, end);
    i = end;
  }
}

void og_cli_print_warnings(FILE *f, const struct og_attr *attrs, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    if (strcmp(attrs[i].name, "warnings") || !attrs[i].text)
      continue;
    for (const char *p = attrs[i].text; *p;) {
      const char *nl = strchr(p, '\n');
      size_t len = nl ? (size_t)(nl - p) : strlen(p);
      fprintf(f, "  %.*s\n", (int)len, p);
      p += len + (nl != NULL);
    }
  }
}

/* Seconds between progress lines when stderr is not a terminal:
 * OGSIM_PROGRESS_INTERVAL, else 10. */
static double line_interval(void)
{
  const char *v = getenv("OGSIM_PROGRESS_INTERVAL");
  char *end;
  double x = v && *v ? strtod(v, &end) : NAN;
  return v && *v && !*end && x >= 0 ? x : 10.0;
}

static void progress_text(char *buf, size_t len, const struct og_progress *p)
{
  double rate = p->wall > 0 ? (double)p->resolved / p->wall : 0;
  if (p->sim_time < p->sim_end) {
    double frac = p->sim_time / p->sim_end;
    double eta = frac > 0 ? p->wall * (1 - frac) / frac : NAN;
    snprintf(buf, len, "[%3.0f%%] sim %.1f/%.1f s  %llu requests  %.0f req/s  ETA %.0f s",
             100 * frac, p->sim_time, p->sim_end, p->resolved, rate, eta);
  } else {
    snprintf(buf, len, "[done issuing] sim %.1f s  %llu requests  %.0f req/s  %llu unresolved "
             "(hard stop %.1f s)", p->sim_time, p->resolved, rate, p->unresolved, p->hard_stop);
  }
}

/* On a terminal, one line refreshed in place after two seconds; otherwise
 * (batch jobs, CI logs) a new line every line_interval() seconds. */
void og_cli_progress(void *ud, const struct og_progress *p)
{
  struct progress_state *ps = ud;
  char buf[256];
  if (!ps->started) {
    ps->started = 1;
    ps->tty = isatty(STDERR_FILENO);
    ps->interval = ps->tty ? 0.25 : line_interval();
    ps->last_print = ps->tty ? 2.0 - ps->interval : 0;
  }
  if (p->wall - ps->last_print < ps->interval)
    return;
  ps->last_print = p->wall;
  progress_text(buf, sizeof buf, p);
  if (ps->tty) {
    ps->printed = 1;
    fprintf(stderr, "\r%s   ", buf);
  } else {
    fprintf(stderr, "ogsim: progress at %.1f s: %s\n", p->wall, buf);
  }
  fflush(stderr);
}

void og_cli_progress_end(void *ud)
{
  struct progress_state *ps = ud;
  if (ps->printed)
    fputc('\n', stderr);
}
